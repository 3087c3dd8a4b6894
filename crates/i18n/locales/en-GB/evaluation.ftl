nav-evaluation = Evaluation

evaluation-title = Evaluation

evaluation-intro = Figures on participation, responses and outcomes. Nobody's answers can be seen here: small numbers are hidden and figures below the whole scheme are rounded.

evaluation-programmes = Programmes you can evaluate

evaluation-slice_only = your organisation's figures only

evaluation-pooled = All your programmes together

evaluation-programme_title = Evaluation of { $name }

evaluation-report_title = Programme report: { $name }

evaluation-back = Back to evaluation

evaluation-back_to_figures = Back to the figures

evaluation-printable = Printable programme report

evaluation-download = Download this table:

evaluation-empty = No figures yet.

evaluation-total = Total

evaluation-organisation-none = No organisation

evaluation-fewer_than = fewer than { $n }

evaluation-chart-hidden = not shown

evaluation-chart-intervals_axis = Mean change with its 95% confidence interval; the dashed line is no change

evaluation-note-suppressed = Counts from 1 up to but not including { $threshold } are shown as “fewer than { $threshold }”; “–” marks a figure hidden so that another hidden figure cannot be worked out.

evaluation-note-statistics_withheld = “–” in place of statistics: they are shown only when at least { $min } respondents answered both times (and, for part of a programme, also at least { $min } or none outside that part).

evaluation-evidence-reached = Evidence up to Barr level { $level }

evaluation-evidence-none = No evidence level reached yet: no question has enough answers.

evaluation-rule-scheme = Counts below { $threshold } are shown as “fewer than { $threshold }”; these figures cover the whole scheme and are exact. Statistics need at least { $min } respondents.

evaluation-rule-below = Counts below { $threshold } are shown as “fewer than { $threshold }”, other counts are rounded to the nearest { $rounding }, and statistics need at least { $min } respondents.

evaluation-rule-reason = The scheme changed the usual rule for this reason: { $reason }

evaluation-section-participation = Participation and completion

evaluation-section-responses = Response rates

evaluation-section-outcomes = Outcomes before and after

evaluation-section-cohorts = Cohort against cohort

evaluation-table-participation = Participation by organisation

evaluation-table-response_rates = Response rates by survey wave

evaluation-table-response_rates_by_organisation = Response rates by organisation

evaluation-table-outcomes = Outcomes before and after, per scale

evaluation-table-cohorts = Scores at the end: the chosen intake against the comparison intake

evaluation-wave-baseline = Baseline

evaluation-wave-end = End

evaluation-wave-follow_up = Follow-up

evaluation-wave-session = Session feedback

evaluation-comparison-baseline_end = baseline to end

evaluation-comparison-baseline_follow_up = baseline to follow-up

evaluation-column-applications = Applications

evaluation-column-approved = Approved

evaluation-column-started = Started

evaluation-column-completed = Completed

evaluation-column-closed_early = Ended early

evaluation-column-asked = Asked

evaluation-column-answered = Answered

evaluation-column-rate = Response rate

evaluation-column-respondents = Respondents

evaluation-column-mean_before = Mean before

evaluation-column-mean_after = Mean after

evaluation-column-mean_diff = Mean change

evaluation-column-ci95 = 95% confidence interval

evaluation-column-t = Paired t

evaluation-column-p_t = p (t test)

evaluation-column-wilcoxon = Wilcoxon W

evaluation-column-p_wilcoxon = p (Wilcoxon)

evaluation-column-d_z = Cohen's d_z

evaluation-column-d_z_ci95 = d_z 95% interval

evaluation-column-g_av = Hedges' g_av

evaluation-column-rank_biserial = Rank-biserial r

evaluation-column-rank_biserial_ci95 = r 95% interval

evaluation-column-respondents_a = Respondents (intake)

evaluation-column-mean_a = Mean (intake)

evaluation-column-respondents_b = Respondents (comparison)

evaluation-column-mean_b = Mean (comparison)

evaluation-column-p_welch = p (Welch t)

evaluation-column-p_mann_whitney = p (Mann–Whitney)

evaluation-column-hedges_g = Hedges' g

evaluation-column-hedges_g_ci95 = g 95% interval

evaluation-filter-intake = Intake

evaluation-filter-all_intakes = All intakes

evaluation-filter-organisation = Organisation

evaluation-filter-all_organisations = All organisations

evaluation-filter-compare = Compare with intake

evaluation-filter-compare_hint = Choose an intake above and one here to compare their scores at the end.

evaluation-filter-no_comparison = No comparison

evaluation-filter-apply = Show figures

evaluation-report-evidence = Highest level of evidence

evaluation-report-rule = How small numbers are protected

evaluation-report-statistics = Mean change is after minus before for people who answered both times. Confidence intervals are 95%. p values below 0.001 are shown as “< 0.001”.

evaluation-home_link = See the evaluation figures of your programmes

evaluation-research_export = Anonymised research export (zip)

evaluation-research_export_hint = Answers of people who agreed to research use, numbered afresh in every export, with a codebook.

evaluation-section-sessions = Sessions held against the caps

evaluation-table-sessions = Mentoring sessions held against the programme's caps, by the mentee's organisation

evaluation-note-sessions_mean_withheld = “–” in place of the mean: it is shown only for at least { $min } relationships (and, for part of the figures, also at least { $min } or none outside that part).

evaluation-column-relationships = Relationships started

evaluation-column-sessions_held = Sessions held

evaluation-column-session_cap = Session cap

evaluation-column-minutes_cap = Minutes cap

evaluation-column-reached_cap = Reached the cap

evaluation-column-reached_cap_rate = Share that reached the cap

evaluation-column-mean_sessions = Mean sessions per relationship

evaluation-section-sets = Action learning set attendance

evaluation-table-set_attendance = Attendance at action learning set meetings, by the member's organisation

evaluation-column-meetings_held = Meetings held

evaluation-column-expected = Attendances expected

evaluation-column-present = Present

evaluation-column-absent = Absent

evaluation-column-attendance_rate = Attendance rate

evaluation-section-goals = Goal progress

evaluation-table-goals = Goals set in the relationships, by status and the organisation of the member who set them

evaluation-column-goals_not_started = Not started

evaluation-column-goals_under_way = Under way

evaluation-column-goals_achieved = Achieved

evaluation-column-goals = Goals

evaluation-column-goals_achieved_rate = Share achieved

evaluation-section-projects = Improvement projects (Barr level 4a)

evaluation-table-projects = Pairs' improvement projects and their outcome measures, by the organisation of the pair's clinician

evaluation-column-projects = Projects

evaluation-column-projects_measured = With an outcome measure

evaluation-column-measures = Measures

evaluation-column-measures_latest = With a latest value

evaluation-column-measures_closer = Closer to target

evaluation-column-measures_reached = Target reached

evaluation-column-measures_closer_rate = Share closer to target

evaluation-note-projects = Pairs write their measures with units (“12 days”). A measure is compared when its baseline, target and latest value each start with a number; “closer to target” includes measures that reached it. Project outcomes show changed organisational practice (Barr level 4a); whether patients benefited (4b) is not inferred from them.
