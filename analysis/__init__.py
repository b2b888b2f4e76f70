"""Analysis of vcsim run and multirun folders: tables, statistics, figures, reports."""
