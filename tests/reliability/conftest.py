import pytest

from .harness import Cluster, app_env, manage


@pytest.fixture(scope="package")
def cluster():
    """One private PostgreSQL cluster, migrated, for all reliability tests (each seeds data of its own)."""
    cluster = Cluster()
    cluster.init()
    manage(app_env(cluster.url), "migrate", "--noinput", "-v0")
    yield cluster
    cluster.remove()
