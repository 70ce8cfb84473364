"""Great Expectations suites, one per pipeline stage. The suites come with the data-quality issue; the
directory exists so the layout is the one the design card names."""
