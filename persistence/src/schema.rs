//! The diesel table definitions: one logical schema that both migration sets create.

// @generated-style definitions written by hand: `diesel print-schema` cannot target a
// MultiConnection, and every column uses a type both engines share (TEXT, BOOLEAN,
// INTEGER, TIMESTAMP). The schema-parity test checks the migrations against each other.
#![expect(missing_docs, reason = "diesel::table! generates the public modules and columns")]

diesel::table! {
    institutions (id) {
        id -> Text,
        hei_id -> Text,
        erasmus_code -> Nullable<Text>,
        erasmus_code_normalised -> Nullable<Text>,
        pic -> Nullable<Text>,
        oid -> Nullable<Text>,
        name -> Text,
        search_text -> Text,
        abbreviation -> Nullable<Text>,
        country -> Text,
        city -> Nullable<Text>,
        website -> Nullable<Text>,
        is_local -> Bool,
        ewp_enabled -> Bool,
        contacts -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
    }
}

diesel::table! {
    units (id) {
        id -> Text,
        institution_id -> Text,
        parent_id -> Nullable<Text>,
        code -> Text,
        name -> Text,
        contacts -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        role -> Text,
        full_name -> Nullable<Text>,
        email -> Nullable<Text>,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        credentials_changed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_units (user_id, unit_id) {
        user_id -> Text,
        unit_id -> Text,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        client_id -> Text,
        secret_hash -> Text,
        name -> Text,
        scopes -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        token_hash -> Text,
        family_id -> Text,
        user_id -> Text,
        scope -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttles (subject) {
        subject -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (principal, idempotency_key) {
        principal -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
        claim_token -> Text,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    agreements (id) {
        id -> Text,
        code -> Text,
        programme -> Text,
        partner_institution_id -> Text,
        partner_unit_id -> Nullable<Text>,
        local_unit_id -> Nullable<Text>,
        partner_agreement_id -> Nullable<Text>,
        partner_agreement_code -> Nullable<Text>,
        first_academic_year -> Integer,
        last_academic_year -> Integer,
        local_signing_date -> Nullable<Date>,
        local_signer -> Nullable<Text>,
        partner_signing_date -> Nullable<Date>,
        partner_signer -> Nullable<Text>,
        other_info -> Nullable<Text>,
        status -> Text,
        approved_snapshot -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agreement_conditions (id) {
        id -> Text,
        agreement_id -> Text,
        position -> Integer,
        mobility_type -> Text,
        sending_institution_id -> Text,
        sending_unit_id -> Nullable<Text>,
        receiving_institution_id -> Text,
        receiving_unit_id -> Nullable<Text>,
        first_academic_year -> Integer,
        last_academic_year -> Integer,
        mobilities_per_year -> Integer,
        total_months_per_year -> Nullable<Integer>,
        total_days_per_year -> Nullable<Integer>,
        blended -> Bool,
        eqf_levels -> Text,
        subject_areas -> Text,
        language_requirements -> Text,
        other_info -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agreement_status_changes (id) {
        id -> Text,
        agreement_id -> Text,
        from_status -> Text,
        to_status -> Text,
        reason -> Nullable<Text>,
        changed_by -> Text,
        changed_by_name -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(units -> institutions (institution_id));
diesel::joinable!(user_units -> users (user_id));
diesel::joinable!(user_units -> units (unit_id));
diesel::joinable!(refresh_tokens -> users (user_id));
// Agreements and conditions point at institutions and units more than once (partner and
// local unit; sending and receiving side); only the partner institution gets a join.
diesel::joinable!(agreements -> institutions (partner_institution_id));
diesel::joinable!(agreement_conditions -> agreements (agreement_id));
diesel::joinable!(agreement_status_changes -> agreements (agreement_id));

diesel::allow_tables_to_appear_in_same_query!(
    institutions,
    units,
    users,
    user_units,
    api_clients,
    refresh_tokens,
    login_throttles,
    idempotency_keys,
    agreements,
    agreement_conditions,
    agreement_status_changes,
);

diesel::table! {
    grading_scales (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        country -> Nullable<Text>,
        definition -> Text,
        source -> Text,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    grading_tables (id) {
        id -> Text,
        institution_id -> Text,
        unit_id -> Nullable<Text>,
        isced_code -> Text,
        eqf_level -> Integer,
        academic_years -> Text,
        scale_code -> Text,
        counts -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    conversion_policies (institution_id) {
        institution_id -> Text,
        overlap_policy -> Text,
        grade_rounding -> Text,
        credit_rounding_step -> Integer,
        credit_rounding_mode -> Text,
        fallback_order -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    grade_conversions (id) {
        id -> Text,
        source_scale -> Text,
        source_grade -> Text,
        target_scale -> Text,
        method -> Text,
        result -> Text,
        inputs -> Text,
        explanation -> Text,
        approved_by -> Text,
        approved_by_name -> Text,
        approved_at -> Timestamp,
        host_institution_id -> Nullable<Text>,
        home_institution_id -> Nullable<Text>,
    }
}

// ECTS mappings as data (migration 2026-11-28-000005_ects_mappings).

diesel::table! {
    credit_systems (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        country -> Nullable<Text>,
        credits_per_year -> Integer,
        min_minutes_per_credit -> Nullable<Integer>,
        max_minutes_per_credit -> Nullable<Integer>,
        source -> Text,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    fixed_tables (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        institution_id -> Nullable<Text>,
        source_scale -> Text,
        target_scale -> Text,
        entries -> Text,
        source -> Text,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    point_bands (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        institution_id -> Nullable<Text>,
        scale_code -> Text,
        max_points -> Text,
        bands -> Text,
        source -> Text,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

// People and mobilities (migration 2026-11-28-000003_mobilities).

diesel::table! {
    people (id) {
        id -> Text,
        given_names -> Text,
        family_name -> Text,
        email -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        citizenships -> Text,
        gender -> Nullable<Integer>,
        home_institution_id -> Text,
        home_unit_id -> Nullable<Text>,
        kind -> Text,
        eqf_level -> Nullable<Integer>,
        isced_f_code -> Nullable<Text>,
        position -> Nullable<Text>,
        esi -> Nullable<Text>,
        fewer_opportunities -> Bool,
        special_needs -> Nullable<Text>,
        user_id -> Nullable<Text>,
        anonymised_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    mobilities (id) {
        id -> Text,
        direction -> Text,
        activity_type -> Text,
        activity_attribute -> Nullable<Text>,
        programme -> Text,
        person_id -> Text,
        agreement_id -> Nullable<Text>,
        condition_id -> Nullable<Text>,
        sending_institution_id -> Text,
        sending_unit_id -> Nullable<Text>,
        receiving_institution_id -> Text,
        receiving_unit_id -> Nullable<Text>,
        partner_institution_id -> Text,
        receiving_academic_year -> Integer,
        planned_start -> Date,
        planned_end -> Date,
        actual_start -> Nullable<Date>,
        actual_end -> Nullable<Date>,
        planned_duration -> Integer,
        eqf_level -> Nullable<Integer>,
        isced_f_code -> Nullable<Text>,
        language_skills -> Text,
        teaching_hours -> Nullable<Integer>,
        combined_with_training -> Bool,
        documents -> Text,
        notes -> Nullable<Text>,
        status -> Text,
        quota_override_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        grant_id -> Nullable<Text>,
    }
}

diesel::table! {
    mobility_status_changes (id) {
        id -> Text,
        mobility_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        changed_by -> Text,
        changed_by_name -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(mobilities -> people (person_id));
diesel::joinable!(mobility_status_changes -> mobilities (mobility_id));

// Each call pairs its first table with the rest; listed so that no pair repeats another call.
diesel::allow_tables_to_appear_in_same_query!(people, mobilities, mobility_status_changes, institutions);
diesel::allow_tables_to_appear_in_same_query!(mobilities, agreements);
diesel::allow_tables_to_appear_in_same_query!(mobilities, agreement_conditions);
// A status change reads a mobility with its person, agreement, condition and units in one query.
diesel::allow_tables_to_appear_in_same_query!(mobilities, units);
diesel::allow_tables_to_appear_in_same_query!(people, agreements);
diesel::allow_tables_to_appear_in_same_query!(people, agreement_conditions);
diesel::allow_tables_to_appear_in_same_query!(people, units);

// Visa and insurance checklists (migration 2026-11-28-000006_checklists).

diesel::table! {
    checklist_rules (id) {
        id -> Text,
        kind -> Text,
        fields -> Text,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        source -> Text,
        status -> Text,
        last_checked -> Date,
        replaces_id -> Nullable<Text>,
        seed_key -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_by_name -> Nullable<Text>,
        created_at -> Timestamp,
        withdrawn_by -> Nullable<Text>,
        withdrawn_by_name -> Nullable<Text>,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawal_reason -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    checklist_progress (mobility_id, item_key) {
        mobility_id -> Text,
        item_key -> Text,
        status -> Text,
        evidence_reference -> Nullable<Text>,
        evidence_date -> Nullable<Date>,
        note -> Nullable<Text>,
        updated_by -> Text,
        updated_by_name -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(checklist_progress -> mobilities (mobility_id));
diesel::allow_tables_to_appear_in_same_query!(checklist_progress, mobilities);

diesel::table! {
    catalogue_programmes (id) {
        id -> Text,
        unit_id -> Text,
        code -> Text,
        name -> Text,
        search_text -> Text,
        eqf_level -> Integer,
        isced_code -> Text,
        duration_semesters -> Integer,
        languages -> Text,
        published -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    catalogue_courses (id) {
        id -> Text,
        unit_id -> Text,
        programme_id -> Nullable<Text>,
        code -> Text,
        title -> Text,
        search_text -> Text,
        isced_code -> Text,
        eqf_level -> Integer,
        ects_hundredths -> Integer,
        semester -> Text,
        hours -> Integer,
        languages -> Text,
        open_to_incoming -> Bool,
        places -> Nullable<Integer>,
        description -> Nullable<Text>,
        learning_outcomes -> Nullable<Text>,
        teacher -> Nullable<Text>,
        academic_year -> Integer,
        published -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(catalogue_programmes -> units (unit_id));
diesel::joinable!(catalogue_courses -> catalogue_programmes (programme_id));
diesel::allow_tables_to_appear_in_same_query!(catalogue_programmes, catalogue_courses, units);

diesel::table! {
    inquiries (id) {
        id -> Text,
        topic -> Text,
        team -> Text,
        status -> Text,
        subject -> Text,
        asker_user_id -> Nullable<Text>,
        asker_name -> Nullable<Text>,
        asker_email -> Nullable<Text>,
        asker_incoming -> Bool,
        access_token_hash -> Nullable<Text>,
        assignee_user_id -> Nullable<Text>,
        answer_due_on -> Date,
        first_answer_at -> Nullable<Timestamp>,
        anonymised_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    inquiry_messages (id) {
        id -> Text,
        inquiry_id -> Text,
        author_user_id -> Nullable<Text>,
        from_team -> Bool,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    inquiry_handovers (id) {
        id -> Text,
        inquiry_id -> Text,
        from_team -> Text,
        to_team -> Text,
        reason -> Text,
        by_user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(inquiry_messages -> inquiries (inquiry_id));
diesel::joinable!(inquiry_handovers -> inquiries (inquiry_id));
diesel::allow_tables_to_appear_in_same_query!(inquiries, inquiry_messages, inquiry_handovers);

diesel::table! {
    factsheet_versions (id) {
        id -> Text,
        academic_year -> Integer,
        number -> Integer,
        effective_from -> Date,
        published -> Bool,
        change_note -> Nullable<Text>,
        content_format -> Integer,
        content -> Text,
        created_by -> Text,
        created_by_id -> Text,
        created_at -> Timestamp,
    }
}
// Learning agreements (migration 2026-12-01-191000_learning_agreements).

diesel::table! {
    learning_agreements (id) {
        id -> Text,
        mobility_id -> Text,
        kind -> Text,
        status -> Text,
        next_signer -> Nullable<Text>,
        latest_number -> Integer,
        approved_number -> Nullable<Integer>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    learning_agreement_versions (id) {
        id -> Text,
        agreement_id -> Text,
        number -> Integer,
        proposal_id -> Text,
        content -> Text,
        changes -> Nullable<Text>,
        superseded -> Bool,
        created_by -> Text,
        created_by_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    learning_agreement_signatures (id) {
        id -> Text,
        version_id -> Text,
        side -> Text,
        name -> Text,
        position -> Nullable<Text>,
        email -> Text,
        signed_at -> Timestamp,
        evidence_reference -> Nullable<Text>,
        evidence_date -> Nullable<Date>,
        recorded_by -> Text,
        recorded_by_id -> Text,
    }
}

diesel::table! {
    learning_agreement_comments (id) {
        id -> Text,
        version_id -> Text,
        proposal_id -> Text,
        declined -> Bool,
        comment -> Text,
        author -> Text,
        author_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    learning_agreement_components (id) {
        id -> Text,
        agreement_id -> Text,
        component_table -> Text,
        course_id -> Nullable<Text>,
        first_number -> Integer,
    }
}

diesel::joinable!(learning_agreements -> mobilities (mobility_id));
diesel::joinable!(learning_agreement_versions -> learning_agreements (agreement_id));
diesel::joinable!(learning_agreement_signatures -> learning_agreement_versions (version_id));
diesel::allow_tables_to_appear_in_same_query!(
    learning_agreements,
    learning_agreement_versions,
    learning_agreement_signatures,
    learning_agreement_comments,
    learning_agreement_components,
    mobilities,
);
diesel::allow_tables_to_appear_in_same_query!(learning_agreements, people);

// Erasmus+ grant projects and funding rates (migration 2026-12-01-190500_grants).

diesel::table! {
    grant_projects (id) {
        id -> Text,
        project_number -> Text,
        action -> Text,
        call_year -> Integer,
        period_start -> Date,
        period_end -> Date,
        partner_countries -> Text,
        budget_lines -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    funding_rates (id) {
        id -> Text,
        kind -> Text,
        call_year -> Integer,
        action -> Text,
        country -> Nullable<Text>,
        country_group -> Nullable<Integer>,
        activity -> Nullable<Text>,
        distance_band -> Nullable<Text>,
        amount -> Nullable<BigInt>,
        unit -> Text,
        source -> Text,
        status -> Text,
        example -> Bool,
        last_checked -> Date,
        seed_key -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    mobility_travel (mobility_id) {
        mobility_id -> Text,
        green_travel -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(mobility_travel -> mobilities (mobility_id));
diesel::allow_tables_to_appear_in_same_query!(mobility_travel, mobilities);
diesel::allow_tables_to_appear_in_same_query!(mobility_travel, people);
diesel::allow_tables_to_appear_in_same_query!(mobility_travel, institutions);
diesel::allow_tables_to_appear_in_same_query!(grant_projects, mobilities);
diesel::allow_tables_to_appear_in_same_query!(grant_projects, people);
diesel::allow_tables_to_appear_in_same_query!(grant_projects, institutions);

diesel::table! {
    events (id) {
        id -> Text,
        kind -> Text,
        title_en -> Text,
        title_mk -> Text,
        unit_id -> Nullable<Text>,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        place -> Nullable<Text>,
        online_link -> Nullable<Text>,
        language -> Text,
        capacity -> Nullable<Integer>,
        audience -> Nullable<Text>,
        agenda -> Nullable<Text>,
        speakers -> Text,
        materials -> Text,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    event_registrations (id) {
        id -> Text,
        event_id -> Text,
        person_id -> Nullable<Text>,
        external_name -> Nullable<Text>,
        external_institution -> Nullable<Text>,
        external_country -> Nullable<Text>,
        external_citizenship -> Nullable<Text>,
        status -> Text,
        queued_at -> Timestamp,
        attended_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(event_registrations -> events (event_id));
diesel::joinable!(event_registrations -> people (person_id));
diesel::allow_tables_to_appear_in_same_query!(events, event_registrations, people);

diesel::table! {
    calendar_feeds (person_id) {
        person_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(calendar_feeds -> people (person_id));
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, event_registrations);
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, events);
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, people);

diesel::table! {
    event_invitations (event_id, person_id) {
        event_id -> Text,
        person_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(event_invitations -> events (event_id));
diesel::allow_tables_to_appear_in_same_query!(event_invitations, events);
diesel::allow_tables_to_appear_in_same_query!(event_invitations, people);
diesel::allow_tables_to_appear_in_same_query!(event_invitations, event_registrations);
diesel::allow_tables_to_appear_in_same_query!(event_invitations, calendar_feeds);
