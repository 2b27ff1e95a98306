"""Development tools that production never installs: the factories the tests and the demo share, the demo
content and users (`manage.py load_demo`), and the benchmark's seeder and yardstick view (`make bench`).

Installed by the dev, test and bench settings only; production's INSTALLED_APPS leave it out, and nothing in
`core`, `cms` or `workflows` imports it."""
