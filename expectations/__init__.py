"""Great Expectations suites, one per pipeline stage, and the runner that validates a frame against
one inside a Dagster asset check. Each suite is plain data (expectation type, arguments, severity)
so an auditor can read what is checked; `critical` expectations block publishing, `warning` ones
are reported only."""
