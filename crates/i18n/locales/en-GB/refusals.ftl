refusals-sessions-all_used = Sessions used: { $cap } of { $cap }. The programme's sessions are all confirmed or held, so no more can be proposed.

refusals-sessions-minutes_used = Minutes used: { $cap } of { $cap }. The programme's time is all confirmed or held, so no more sessions can be proposed.

refusals-pairs-done_from = Can be marked done from { $date }.

refusals-log_not_offered = Every session the programme allows is used, so no more can be logged.
