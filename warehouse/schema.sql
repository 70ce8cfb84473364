-- Customer Hub warehouse. Data dictionary: warehouse/README.md.
-- customers, customer_sources and quarantine hold the latest publish; sync_runs and
-- source_issues keep the history of every run.

CREATE TABLE IF NOT EXISTS customers (
    customer_id        VARCHAR PRIMARY KEY,
    customer_type      VARCHAR NOT NULL,
    display_name       VARCHAR,
    person_name        VARCHAR,
    company_name       VARCHAR,
    company_branch     VARCHAR,
    phone              VARCHAR,
    email              VARCHAR,
    address            VARCHAR,
    city               VARCHAR,
    province           VARCHAR,
    district           VARCHAR,
    postcode           VARCHAR,
    id_number          VARCHAR,  -- masked: 440305********1234
    birthday           DATE,
    status             VARCHAR,
    lifecycle_stage    VARCHAR,  -- over all records: potential | closed | lost | retained | loyal | churned
    intent_grade       VARCHAR,
    owner              VARCHAR,
    owner_has_left     BOOLEAN,  -- by the staff roster; NULL: no roster, or the owner is not on it
    last_contact_date     DATE,
    last_contact_channel  VARCHAR,
    next_follow_up_due    DATE,     -- last_contact_date + the intent grade's follow-up interval
    follow_up_overdue     BOOLEAN,  -- next_follow_up_due before the run's date
    phones             VARCHAR[],
    emails             VARCHAR[],
    departments        VARCHAR[],
    complaint_departments  VARCHAR[],
    repeat_complaint       BOOLEAN,  -- complaints to two or more departments
    sources            VARCHAR[],
    record_count       INTEGER NOT NULL,
    run_id             VARCHAR NOT NULL
);

-- The people each company customer is reached through.
CREATE TABLE IF NOT EXISTS customer_contacts (
    customer_id   VARCHAR NOT NULL,
    contact_name  VARCHAR,
    name_key      VARCHAR NOT NULL,
    phones        VARCHAR[],
    emails        VARCHAR[],
    sources       VARCHAR[],
    record_count  INTEGER NOT NULL,
    run_id        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS customer_sources (
    record_key      VARCHAR PRIMARY KEY,
    customer_id     VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    department      VARCHAR,
    source_file     VARCHAR,
    source_locator  VARCHAR NOT NULL,
    loaded_at       TIMESTAMP NOT NULL,
    matched_by      VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL
);

-- Every pair that was linked or deserves a steward's look, as the match model weighed it: the
-- level of each comparison and the match weight (log2 Bayes factor) it contributed.
CREATE TABLE IF NOT EXISTS match_pairs (
    record_key_a         VARCHAR NOT NULL,
    customer_id_a        VARCHAR NOT NULL,
    record_key_b         VARCHAR NOT NULL,
    customer_id_b        VARCHAR NOT NULL,
    matched_by           VARCHAR,
    review_reason        VARCHAR,
    match_probability    DOUBLE NOT NULL,
    match_weight         DOUBLE NOT NULL,
    blocked_on           VARCHAR,
    name                 VARCHAR,
    name_weight          DOUBLE,
    email                VARCHAR,
    email_weight         DOUBLE,
    phone                VARCHAR,
    phone_weight         DOUBLE,
    company              VARCHAR,
    company_weight       DOUBLE,
    city                 VARCHAR,
    city_weight          DOUBLE,
    address              VARCHAR,
    address_weight       DOUBLE,
    id_number            VARCHAR,
    id_number_weight     DOUBLE,
    birthday             VARCHAR,
    birthday_weight      DOUBLE,
    run_id               VARCHAR NOT NULL
);

-- Why records were merged: every link a customer was built from.
CREATE OR REPLACE VIEW match_evidence AS
SELECT customer_id_a AS customer_id, * EXCLUDE (customer_id_a, customer_id_b, review_reason)
FROM match_pairs WHERE matched_by IS NOT NULL AND customer_id_a = customer_id_b;

-- Borderline pairs left apart, for a data steward to decide (decisions go to the overrides file).
CREATE OR REPLACE VIEW review_queue AS
SELECT * EXCLUDE (matched_by) FROM match_pairs WHERE review_reason IS NOT NULL AND customer_id_a <> customer_id_b;

-- The match model of the last run: m, u and weight of every comparison level, and the prior.
CREATE TABLE IF NOT EXISTS match_model (
    comparison               VARCHAR NOT NULL,
    level                    VARCHAR NOT NULL,
    m_probability            DOUBLE,
    u_probability            DOUBLE,
    term_frequency_adjusted  BOOLEAN NOT NULL,
    match_weight             DOUBLE NOT NULL,
    trained_on_records       BIGINT NOT NULL,
    run_id                   VARCHAR NOT NULL
);

-- The contact history: every linked record that says when, how or about what a customer was in
-- contact, and every complaint of the complaint log (pipelines/business/contact_events.py).
CREATE TABLE IF NOT EXISTS contact_events (
    customer_id        VARCHAR NOT NULL,
    contacted_on       DATE,
    channel            VARCHAR NOT NULL,  -- email | as the source says | unknown
    direction          VARCHAR,           -- in | out
    subject            VARCHAR,
    counterpart_name   VARCHAR,
    counterpart_email  VARCHAR,
    complaint          BOOLEAN NOT NULL,
    department         VARCHAR,
    source             VARCHAR NOT NULL,  -- a registry source, or complaint_log
    source_locator     VARCHAR NOT NULL,
    record_key         VARCHAR NOT NULL,  -- the linked record that ties the event to its customer
    run_id             VARCHAR NOT NULL
);

-- Which source record gave each golden field its value.
CREATE TABLE IF NOT EXISTS field_provenance (
    customer_id  VARCHAR NOT NULL,
    field        VARCHAR NOT NULL,
    value        VARCHAR,
    record_key   VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    run_id       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    record_key      VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    department      VARCHAR,
    source_file     VARCHAR,
    source_locator  VARCHAR NOT NULL,
    loaded_at       TIMESTAMP NOT NULL,
    reason_code     VARCHAR NOT NULL,
    reason          VARCHAR,
    record_json     VARCHAR,
    run_id          VARCHAR NOT NULL
);

-- What `customer-hub lookup` finds customers by (pipelines/lookup_keys.py); written sorted by kind
-- and value (publish.STORAGE_ORDER), which makes a point lookup fast without an index.
CREATE TABLE IF NOT EXISTS customer_lookup_keys (
    kind         VARCHAR NOT NULL,  -- phone | email | name | company
    value        VARCHAR NOT NULL,
    customer_id  VARCHAR NOT NULL,
    run_id       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS source_issues (
    run_id    VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,
    location  VARCHAR,
    severity  VARCHAR NOT NULL,  -- 'error': the source was not read; 'warning': read with a problem
    problem   VARCHAR NOT NULL
);

-- Blocks of records sharing a key that were not expanded into pairs, run by run (history): a
-- key shared by more records than its kind may join (a placeholder phone, 王伟 in 北京), or past
-- the pairs its kind may make. Values of personal kinds (phone, email, ID number, address) masked.
CREATE TABLE IF NOT EXISTS skipped_blocks (
    run_id  VARCHAR NOT NULL,
    kind    VARCHAR NOT NULL,  -- the blocking key (pipelines/matching/blocking.py)
    value   VARCHAR NOT NULL,
    size    BIGINT NOT NULL,   -- records sharing the value
    reason  VARCHAR NOT NULL   -- over_size | over_budget
);

-- Customer IDs born, merged, split or retired, run by run (history): no ID disappears silently.
CREATE TABLE IF NOT EXISTS customer_id_history (
    run_id           VARCHAR NOT NULL,
    recorded_at      TIMESTAMP NOT NULL,
    event            VARCHAR NOT NULL,  -- new | merged | split | retired
    old_customer_id  VARCHAR,
    new_customer_id  VARCHAR,
    record_count     BIGINT NOT NULL,
    detail           VARCHAR
);

CREATE TABLE IF NOT EXISTS sync_runs (
    run_id               VARCHAR PRIMARY KEY,
    published_at         TIMESTAMP NOT NULL,
    registry             VARCHAR,
    sources_read         INTEGER NOT NULL,
    sources_failed       INTEGER NOT NULL,
    records_read         BIGINT NOT NULL,
    records_quarantined  BIGINT NOT NULL,
    records_linked       BIGINT NOT NULL,
    customers            BIGINT NOT NULL,
    duplicates_merged    BIGINT NOT NULL
);

-- Every data-quality check of every run (history): Great Expectations expectations per stage and
-- the reconciliation checks.
CREATE TABLE IF NOT EXISTS dq_results (
    run_id            VARCHAR NOT NULL,
    checked_at        TIMESTAMP NOT NULL,
    stage             VARCHAR NOT NULL,  -- raw_source | standardised_records | published_customers | reconciliation
    asset             VARCHAR NOT NULL,  -- the Dagster asset checked, e.g. raw_sales_workbook
    suite             VARCHAR NOT NULL,
    expectation       VARCHAR NOT NULL,  -- e.g. expect_column_values_to_match_regex
    column_name       VARCHAR,
    severity          VARCHAR NOT NULL,  -- critical: blocks publishing | warning: reported only
    success           BOOLEAN NOT NULL,
    element_count     BIGINT,
    unexpected_count  BIGINT,
    observed          VARCHAR,           -- the observed value or unexpected percentage, as text
    details           VARCHAR            -- JSON: expectation arguments and a sample of unexpected values
);

-- Per run and source: records read = linked + quarantined (history).
CREATE TABLE IF NOT EXISTS source_reconciliation (
    run_id               VARCHAR NOT NULL,
    source               VARCHAR NOT NULL,
    department           VARCHAR,
    records_read         BIGINT NOT NULL,
    records_linked       BIGINT NOT NULL,
    records_quarantined  BIGINT NOT NULL,
    customers            BIGINT NOT NULL   -- distinct customers its linked records belong to
);
