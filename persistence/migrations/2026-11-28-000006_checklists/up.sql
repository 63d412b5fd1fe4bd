-- Visa and insurance checklists (issue 6).
--
-- checklist_rules: every rule row (visa, registration, document, health_coverage, insurance)
-- with its validity, source, status and last check. Rows are never overwritten: a change adds
-- a row that `replaces` an open one, whose `valid_to` is then closed the day before the new
-- row starts (with `updated_at`, the only columns ever written after insert besides the withdrawal); a
-- wrong row is withdrawn (kept, with who, when and why), not deleted. The kind's own fields
-- are a JSON object in the rule-file vocabulary, read by the domain's rule parser.
-- Seeded rows carry `seed_key` (`visa.rules#3`: the third record of that file) so a new
-- release adds the rows appended to the seed files and never duplicates old ones.
--
-- checklist_progress: what was done about one item of a mobility's checklist, keyed by the
-- item's stable key, so progress survives regeneration after dates or destination change.

CREATE TABLE checklist_rules (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    valid_from DATE,
    valid_to DATE,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    last_checked DATE NOT NULL,
    replaces_id TEXT REFERENCES checklist_rules (id) ON DELETE RESTRICT,
    seed_key TEXT,
    created_by TEXT,
    created_by_name TEXT,
    created_at TIMESTAMP NOT NULL,
    withdrawn_by TEXT,
    withdrawn_by_name TEXT,
    withdrawn_at TIMESTAMP,
    withdrawal_reason TEXT,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT checklist_rules_seed_key_key UNIQUE (seed_key),
    CONSTRAINT checklist_rules_kind_check
        CHECK (kind IN ('visa', 'registration', 'document', 'health_coverage', 'insurance')),
    CONSTRAINT checklist_rules_status_check CHECK (status IN ('confirmed', 'secondary', 'derived', 'unconfirmed')),
    CONSTRAINT checklist_rules_validity_check CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);

CREATE INDEX checklist_rules_kind_idx ON checklist_rules (kind, id);

CREATE TABLE checklist_progress (
    mobility_id TEXT NOT NULL REFERENCES mobilities (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    status TEXT NOT NULL,
    evidence_reference TEXT,
    evidence_date DATE,
    note TEXT,
    updated_by TEXT NOT NULL,
    updated_by_name TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (mobility_id, item_key),
    CONSTRAINT checklist_progress_status_check CHECK (status IN ('open', 'done', 'not_applicable'))
);
