//! The storage conformance suite: the same stories run against every backend.
//!
//! Each story is an `async fn(Store)` in one of the modules below, listed once in the
//! `conformance!` invocation, which generates `sqlite::<story>` and `postgres::<story>` tests.
//!
//! The databases come from `tandem-test-support` (shared with the use-case and HTTP suites):
//!
//! * SQLite runs always, on a fresh database file in its own temporary directory.
//! * PostgreSQL runs when `TANDEM_TEST_POSTGRES_URL` names a server (e.g.
//!   `postgres://postgres@127.0.0.1:54321/postgres`, as printed by `scripts/pg-test.sh start`):
//!   each test creates its own database `tandem_test_<random>` and drops it afterwards, so the
//!   tests run in parallel.
//! * Without that URL a `postgres::*` test prints that it did not run and returns; with
//!   `TANDEM_TEST_REQUIRE_POSTGRES=1` it fails instead. CI (`scripts/test.sh`) sets that
//!   variable, so the PostgreSQL runs can never pass there without having run.

mod accounts;
mod applications;
mod audit;
mod copy;
mod fixtures;
mod floor;
mod growth;
mod import;
mod list_pages;
mod lists_b;
mod mentors;
mod migrations;
mod organisations;
mod pairs;
mod peers;
mod people;
mod people_counts;
mod profiles;
mod programmes;
mod relationships;
mod roles;
mod scale;
mod search;
mod search_index;
mod search_words;
mod sessions;
mod sets;
mod sort_names;
mod sqlite_only;
mod verbatim;

/// Generates one test per story and backend.
///
/// `conformance!(group: …)` does the same inside `mod group`, so each area of the product keeps
/// its own list (test names `group::sqlite::<story>` and `group::postgres::<story>`).
macro_rules! conformance {
    ($group:ident : $($module:ident :: $story:ident),* $(,)?) => {
        mod $group {
            mod sqlite {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $story() {
                        tandem_test_support::on_sqlite(|db| crate::$module::$story(db.store)).await;
                    }
                )*
            }
            mod postgres {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $story() {
                        tandem_test_support::on_postgres(|db| crate::$module::$story(db.store)).await;
                    }
                )*
            }
        }
    };
    ($($module:ident :: $story:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    tandem_test_support::on_sqlite(|db| crate::$module::$story(db.store)).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    tandem_test_support::on_postgres(|db| crate::$module::$story(db.store)).await;
                }
            )*
        }
    };
}

conformance! {
    organisations::schemes_round_trip,
    organisations::organisations_unique_name_per_scheme,
    organisations::organisation_updates_and_missing_references,
    organisations::people_counted_per_organisation,
    organisations::foreign_keys_enforced_on_every_connection,
    organisations::migrate_is_idempotent,
    people::person_round_trip_with_employments,
    people::duplicate_email_conflicts_within_scheme_only,
    people::update_replaces_employments,
    people::update_to_taken_email_changes_nothing,
    people::all_people_lists_scheme_in_order,
    search::scopes_are_applied,
    search::organisation_a_never_sees_organisation_b,
    search::text_search_is_case_insensitive_and_literal,
    search::filters_and_primary_employment,
    search::paging_counts_and_orders,
    search::paging_past_people_with_repeated_employments,
    search::matches_brute_force_oracle,
    search::scoped_readers_see_only_their_organisations_employments,
    import::import_writes_creates_and_updates,
    import::import_failing_late_writes_nothing,
    import::import_with_duplicate_email_in_file_writes_nothing,
    import::import_update_of_missing_person_writes_nothing,
    import::large_import_spans_batches,
    import::concurrent_writers_all_succeed,
    import::local_grades_are_kept_per_council_and_added_by_imports,
    roles::grant_is_idempotent_and_revoke_removes,
    roles::roles_in_scheme_excludes_other_schemes,
    roles::malformed_roles_are_refused,
    accounts::accounts_round_trip_and_conflicts,
    accounts::login_failures_count_and_lock,
    accounts::login_failures_lock_at_threshold,
    accounts::api_tokens_of_an_account_are_revoked_together,
    accounts::sessions_expire_and_are_deleted,
    accounts::tokens_are_single_use_and_expire,
    accounts::concurrent_token_use_succeeds_once,
    accounts::api_tokens_round_trip,
    accounts::rate_limit_windows_count_to_their_limit_and_refusals_write_nothing,
    accounts::sign_in_failures_are_counted_and_delayed,
    accounts::spending_the_tokens_of_a_kind_leaves_other_kinds,
    accounts::audit_log_is_newest_first,
    programmes::programme_rules_round_trip,
    programmes::intakes_with_places_round_trip,
    programmes::intake_conflicts_and_missing,
    verbatim::markup_and_sql_are_stored_verbatim,
}

conformance! {
    applications_stories:
    applications::applications_round_trip_with_history,
    applications::a_second_application_to_the_same_role_conflicts_and_writes_nothing,
    applications::status_moves_are_conditional_and_stale_ones_change_nothing,
    applications::approval_never_exceeds_places_and_withdrawal_frees_one,
    applications::concurrent_approvals_never_exceed_the_places,
    applications::updating_an_intake_keeps_the_places_taken,
    applications::manager_links_work_once_and_expire,
    applications::application_forms_round_trip,
}

conformance! {
    mentors_stories:
    mentors::training_round_trips_newest_first,
    mentors::supervision_round_trips_newest_first,
    mentors::standing_is_upserted,
    mentors::concurrent_standing_saves_leave_one_row,
    mentors::standings_are_isolated_per_scheme,
    mentors::overview_lists_people_with_mentor_records,
    mentors::mentor_load_is_zero_without_relationships,
}

conformance! {
    relationships_stories:
    relationships::runs_are_numbered_and_publishing_is_all_or_nothing,
    relationships::concurrent_publications_of_one_run_succeed_once,
    relationships::offers_are_answered_once_and_before_the_deadline,
    relationships::a_declined_pair_returns_both_to_the_pool,
    relationships::a_set_goes_on_without_a_member_who_declines,
    relationships::agreements_are_versioned_and_signed_by_everyone,
    relationships::a_no_fault_ending_is_private_and_rematches_the_partner,
    relationships::pins_lock_one_partner_and_forbid_either_way,
    relationships::sessions_are_logged_within_the_caps,
    relationships::shortlist_rankings_are_replaced_whole,
    relationships::a_mentor_with_two_mentees_stays_matched_until_both_end,
}

conformance! {
    sessions_stories:
    sessions::bookings_keep_caps_overlaps_and_sequences,
    sessions::notes_are_per_author_and_feeds_are_replaced,
    sessions::overlaps_are_checked_across_a_persons_relationships,
}

conformance! {
    sets_stories:
    sets::meetings_keep_rota_attendance_issues_and_actions,
    sets::apologies_are_kept_until_withdrawn_and_reassign_the_rota_at_once,
}

conformance! {
    growth_stories:
    growth::goals_belong_to_their_owner_and_are_counted_by_status,
    growth::reflections_are_read_by_their_author_or_through_their_sharing,
    growth::cpd_activities_and_held_sessions_are_listed,
    growth::only_people_who_opt_in_are_in_the_directory,
}

conformance! {
    pairs_stories:
    pairs::shadowing_days_are_kept_per_direction,
    pairs::projects_keep_milestones_and_measures,
    pairs::workshop_attendance_is_replaced_whole,
}

conformance! {
    migrations_stories:
    migrations::a_migrated_database_is_current,
}

conformance! {
    profiles_stories:
    profiles::profiles_round_trip_and_are_replaced_whole,
    profiles::a_session_records_whose_number_is_called,
}

conformance! {
    search_index_stories:
    search_index::arbitrary_text_is_text_and_matches_the_definition,
    search_index::totals_are_capped_and_cursors_checked,
    search_index::hot_queries_use_indexes,
}

conformance! {
    floor_stories:
    floor::signed_in_equals_the_separate_lookups,
    floor::dashboard_figures_equal_brute_force_after_random_writes,
}

conformance! {
    lists_b_stories:
    lists_b::audit_pages_walk_both_ways,
    lists_b::relationship_pages_walk_both_ways,
}

mod search_extension {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_missing_search_extension_is_reported() {
        tandem_test_support::on_sqlite(crate::search_index::missing_search_extension_is_reported)
            .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_missing_search_extension_is_reported() {
        tandem_test_support::on_postgres(crate::search_index::missing_search_extension_is_reported)
            .await;
    }
}

mod lists_b_plans {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_hot_list_queries_use_indexes() {
        tandem_test_support::on_sqlite(crate::lists_b::hot_list_queries_use_indexes).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_hot_list_queries_use_indexes() {
        tandem_test_support::on_postgres(crate::lists_b::hot_list_queries_use_indexes).await;
    }
}

conformance! {
    list_pages_stories:
    list_pages::application_pages_match_the_whole_list,
    list_pages::mentor_pages_match_the_overview,
    list_pages::list_pages_count_to_the_cap_and_use_indexes,
}

conformance! {
    peers_stories:
    peers::directory_filters_combine_and_page,
    peers::requests_keep_their_limits_and_reveal_addresses_only_when_accepted,
    peers::directory_pages_seek_the_listings,
    peers::directory_pages_equal_the_walk_after_any_writes,
}

conformance! {
    sort_names_stories:
    sort_names::family_names_sort_without_particles,
}

mod sort_names_migration {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_migration_recomputes_old_keys() {
        tandem_test_support::on_sqlite(crate::sort_names::migration_recomputes_old_keys).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_migration_recomputes_old_keys() {
        tandem_test_support::on_postgres(crate::sort_names::migration_recomputes_old_keys).await;
    }
}

conformance! {
    scale_stories:
    scale::organisation_lists_follow_renames_and_moves,
    scale::walking_answers_as_the_index_does,
}

conformance! {
    people_counts_stories:
    people_counts::counts_follow_every_write,
}

mod people_counts_plans {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_dashboard_statements_read_no_population() {
        tandem_test_support::on_sqlite(
            crate::people_counts::dashboard_statements_read_no_population,
        )
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_dashboard_statements_read_no_population() {
        tandem_test_support::on_postgres(
            crate::people_counts::dashboard_statements_read_no_population,
        )
        .await;
    }
}

mod words_index {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_words_answer_as_the_text_index() {
        tandem_test_support::on_sqlite(crate::search_words::words_answer_as_the_text_index).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_words_answer_as_the_text_index() {
        tandem_test_support::on_postgres(crate::search_words::words_answer_as_the_text_index).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_words_path_seeks_and_sorts_nothing() {
        tandem_test_support::on_sqlite(crate::search_words::words_path_seeks_and_sorts_nothing)
            .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_words_path_seeks_and_sorts_nothing() {
        tandem_test_support::on_postgres(crate::search_words::words_path_seeks_and_sorts_nothing)
            .await;
    }
}

mod scale_plans {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_search_copies_follow_every_write() {
        tandem_test_support::on_sqlite(crate::scale::search_copies_follow_every_write).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_text_index_pages_without_reading_people() {
        tandem_test_support::on_sqlite(crate::scale::text_index_pages_without_reading_people).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_bulk_import_fills_the_search_indexes_once() {
        tandem_test_support::on_sqlite(crate::scale::bulk_import_fills_the_search_indexes_once)
            .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_old_search_table_is_back_filled() {
        tandem_test_support::on_sqlite(crate::scale::old_search_table_is_back_filled).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_organisation_lists_seek_each_organisation() {
        tandem_test_support::on_sqlite(crate::scale::organisation_lists_seek_each_organisation)
            .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_organisation_lists_seek_each_organisation() {
        tandem_test_support::on_postgres(crate::scale::organisation_lists_seek_each_organisation)
            .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_search_pages_start_from_the_trigram_index() {
        tandem_test_support::on_postgres(
            crate::scale::pg_search_pages_start_from_the_trigram_index,
        )
        .await;
    }
}
