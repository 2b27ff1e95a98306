"""Demo content for a local run, one module per app; `manage.py load_demo` runs them."""
