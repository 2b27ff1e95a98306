"""What the logs may say: no link tokens, and the visitor's real address.

The status page of a registration, the cancel link of a meeting sign-up, the newsletter's confirm and unsubscribe
links, the sign-in link of a municipality's people, a member of staff's calendar feed and a municipality's person's
calendar address are reached by a token in the path, and the token is the only key to
them. Access logs, Django's request log and the error
log would keep it for as long as logs are kept, readable by anyone who reads logs, so `redact_path` replaces the
token segment. It is the one pattern in Python: Django's logging uses it through `RedactTokens`
(config/settings/base.py), gunicorn through `GunicornLogger` (deploy/gunicorn.conf.py). The proxies carry the same
pattern in their own syntax (deploy/proxy/nginx.conf, deploy/proxy/Caddyfile). It is deliberately simple, so that
every proxy's regular expressions can say it too (Caddy's have no look-ahead): the segment after the prefix is
redacted whatever it is, so the new-link form /forloeb/status/nyt-link/ shows up redacted as well.
"""

import logging
import re

from gunicorn.glogging import Logger

from .clientip import address

# Every address whose segment after the prefix is a secret: status links, meeting cancel links, workshop evaluation
# links, sign-in links and calendar addresses of "Jeres forløb", newsletter confirm and unsubscribe links, staff
# calendar feeds.
TOKEN_PREFIXES = (r"/forloeb/(?:status|moeder/afmeld|evaluering|jeres/(?:link|kalender))/"
                  r"|/nyhedsbrev/(?:bekraeft|afmeld)/|/medarbejderkalender/")
TOKEN_PATH = re.compile(rf"({TOKEN_PREFIXES})[^/?#\s\"]+")
REDACTED = "[redacted]"


def redact_path(text):
    """`text` (a path, a URL, a request line or a whole log line) with every link token replaced."""
    return TOKEN_PATH.sub(rf"\g<1>{REDACTED}", text)


class RedactTokens(logging.Filter):
    """Rewrites each record's message through `redact_path`, whatever logger or format produced it."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact_path(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_redact_tokens = RedactTokens()


class GunicornLogger(Logger):
    """gunicorn's logger, with link tokens redacted from the access and error logs, and the visitor's address
    (core.clientip, from PROXY_COUNT) as the access log's remote address instead of the proxy's."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(_redact_tokens)  # one instance: a configuration reload does not add it twice

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = address(environ) or "-"
        return atoms
