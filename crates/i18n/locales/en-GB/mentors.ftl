mentors-own_title = My mentoring

mentors-title = Mentoring: { $name }

mentors-heading = Mentor development

mentors-intro = Training and qualifications, supervision, and whether this mentor is taking new mentees.

mentors-standing = Standing

mentors-status = Status

mentors-status-active = Active

mentors-status-paused = Paused

mentors-status-withdrawn = Withdrawn

mentors-load = Mentees now

mentors-load_of = { $current } of at most { $max }

mentors-load_programme = { $current } (most at once: as the programme sets)

mentors-trained = Mentor training

mentors-yes = Yes

mentors-no = No

mentors-status_legend = Status

mentors-status_hint_coordinator = Paused and withdrawn mentors keep their current mentees but are not matched with new ones.

mentors-status_hint_self = Pause while you cannot take a new mentee (for example during leave). You keep your current mentees. To stop mentoring, ask your coordinator.

mentors-load_max = Most mentees at once

mentors-load_max_hint = Leave empty to use the programme's number.

mentors-save_standing = Save standing

mentors-withdrawn_ask = You have withdrawn from mentoring. To mentor again, ask your coordinator.

mentors-training = Training and qualifications

mentors-course = Course or qualification

mentors-course_hint = For example, Coaching skills for mentors.

mentors-provider = Provider

mentors-completed_on = Date completed

mentors-evidence = Evidence (optional)

mentors-evidence_hint = A certificate number or where the certificate is kept.

mentors-counts = Counts as mentor training

mentors-qualifies = This counts as mentor training

mentors-no_training = No training recorded yet.

mentors-add_training = Add training

mentors-supervision = Supervision

mentors-held_on = Date of the session

mentors-supervisor = Supervisor

mentors-supervisor_hint = The name of the person who gave the supervision.

mentors-minutes = Length in minutes

mentors-minutes_hint = From 1 to 600.

mentors-themes = Themes

mentors-themes_hint = What was discussed, in general terms. Do not write anything that identifies a mentee.

mentors-no_supervision = No supervision recorded yet.

mentors-add_supervision = Add supervision session

mentors-list_title = Mentors

mentors-list_intro_scheme = Everyone in the scheme with a mentor standing, training or an application to mentor.

mentors-list_intro_organisation = The mentors your organisations employ: everyone with a mentor standing, training or an application to mentor.

mentors-none = No mentors yet.

error-mentors-course_required = Enter the course or qualification

error-mentors-provider_required = Enter the provider

error-mentors-supervisor_required = Enter the supervisor's name

error-mentors-themes_required = Enter the themes discussed

error-mentors-minutes_required = Enter the length of the session in minutes

error-mentors-minutes_range = Enter a length from { $min } to { $max } minutes

error-mentors-date_in_future = The date must be today or in the past

error-mentors-date_too_early = Enter a date in 1950 or later

error-mentors-load_range = Enter a number from 1 to { $max }, or leave it empty

error-mentors-status_required = Select a status
