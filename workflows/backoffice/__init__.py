"""The staff back office under /sagsbehandling/: inbox, queue, archive, case pages and the coordinator
dashboard. Task forms themselves stay in viewflow's task UI (`workflows.staff`)."""
