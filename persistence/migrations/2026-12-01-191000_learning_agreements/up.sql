-- Learning agreements (issue 14 items 1-4; EWP omobility-las v1.2), one per mobility. A
-- version's content (header, components, traineeship or staff terms) is stored as canonical
-- JSON whose SHA-256 is its `proposal_id`, so the id changes if and only if the content does.
-- A version is immutable once anyone signed it; signatures are rows (a decline deletes them
-- and leaves a comment). The agreement row keeps what lists filter on: the latest version's
-- signing state (`status`, `next_signer`) and the latest version signed by all three
-- (`approved_number`). Components are rows too, immutable and kept across versions, so a later
-- recognition can reference them.

-- A student mobility goes live only with an agreement signed by all three, unless an officer
-- overrides it: the override and its reason are kept in the mobility's status history (the
-- `mobilities` table is at the 32 columns diesel's default build supports).

CREATE TABLE learning_agreements (
    id TEXT PRIMARY KEY NOT NULL,
    mobility_id TEXT NOT NULL REFERENCES mobilities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    next_signer TEXT,
    latest_number INTEGER NOT NULL,
    approved_number INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT learning_agreements_mobility_id_key UNIQUE (mobility_id),
    CONSTRAINT learning_agreements_kind_check CHECK (kind IN ('studies', 'traineeship', 'staff')),
    CONSTRAINT learning_agreements_status_check CHECK (status IN ('draft', 'partly_signed', 'signed')),
    CONSTRAINT learning_agreements_next_signer_check CHECK (next_signer IN ('participant', 'sending', 'receiving'))
);
CREATE INDEX learning_agreements_updated_at ON learning_agreements (updated_at);

CREATE TABLE learning_agreement_versions (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES learning_agreements (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    proposal_id TEXT NOT NULL,
    content TEXT NOT NULL,
    changes TEXT,
    superseded BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT NOT NULL,
    created_by_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT learning_agreement_versions_number_key UNIQUE (agreement_id, number)
);

CREATE TABLE learning_agreement_signatures (
    id TEXT PRIMARY KEY NOT NULL,
    version_id TEXT NOT NULL REFERENCES learning_agreement_versions (id) ON DELETE CASCADE,
    side TEXT NOT NULL,
    name TEXT NOT NULL,
    position TEXT,
    email TEXT NOT NULL,
    signed_at TIMESTAMP NOT NULL,
    evidence_reference TEXT,
    evidence_date DATE,
    recorded_by TEXT NOT NULL,
    recorded_by_id TEXT NOT NULL,
    CONSTRAINT learning_agreement_signatures_side_key UNIQUE (version_id, side),
    CONSTRAINT learning_agreement_signatures_side_check CHECK (side IN ('participant', 'sending', 'receiving'))
);

CREATE TABLE learning_agreement_comments (
    id TEXT PRIMARY KEY NOT NULL,
    version_id TEXT NOT NULL REFERENCES learning_agreement_versions (id) ON DELETE CASCADE,
    proposal_id TEXT NOT NULL,
    declined BOOLEAN NOT NULL,
    comment TEXT NOT NULL,
    author TEXT NOT NULL,
    author_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX learning_agreement_comments_version_id ON learning_agreement_comments (version_id);

CREATE TABLE learning_agreement_components (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES learning_agreements (id) ON DELETE CASCADE,
    component_table TEXT NOT NULL,
    course_id TEXT REFERENCES catalogue_courses (id) ON DELETE SET NULL,
    first_number INTEGER NOT NULL,
    CONSTRAINT learning_agreement_components_table_check CHECK (component_table IN ('a', 'b', 'c', 'blended', 'doctoral'))
);
CREATE INDEX learning_agreement_components_agreement_id ON learning_agreement_components (agreement_id);
