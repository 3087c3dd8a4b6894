exports-nav = Exports

exports-title = Exports

exports-intro = Download the scheme's records as a spreadsheet (CSV or Excel). They hold no notes, reflections or other content of relationships.

exports-intro_organisation = Your exports hold the rows about people who take part through your organisation. A member from another organisation is shown by their organisation only.

exports-filter_label = Choose what to export

exports-filter-programme = Programme

exports-filter-intake = Intake

exports-filter-all = All

exports-filter-apply = Apply

exports-filter-clear = Clear

exports-download_csv = CSV

exports-download_xlsx = Excel (XLSX)

exports-download_label = Download { $title } as { $format }

exports-limit = An export holds at most { $limit } rows; choose a programme or intake for more.

exports-kind-applications = Applications

exports-kind-relationships = Relationships

exports-kind-sessions = Sessions against caps

exports-kind-set_attendance = Set attendance

exports-kind-workshops = Workshop attendance

exports-kind-projects = Paired-learning projects

exports-about-applications = Every application with its intake, applicant, organisation, role, status and dates.

exports-about-relationships = Every relationship with its kind, members, status, start and end, and how much it has held.

exports-about-sessions = Sessions held and confirmed against each relationship's cap, and how many remain.

exports-about-set_attendance = For every set meeting, each member: present, apologies or absent.

exports-about-workshops = Who attended each workshop.

exports-about-projects = Each pair's improvement project and its measures: baseline, target and latest.

exports-col-programme = Programme

exports-col-intake = Intake

exports-col-given_name = Given name

exports-col-family_name = Family name

exports-col-organisation = Organisation

exports-col-role = Role

exports-col-status = Status

exports-col-submitted = Submitted

exports-col-last_changed = Last changed

exports-col-kind = Kind

exports-col-members = Members

exports-col-started = Started

exports-col-ended = Ended

exports-col-sessions_held = Sessions held

exports-col-set_meetings_held = Set meetings held

exports-col-shadowing_days = Shadowing days done

exports-col-last_activity = Last activity

exports-col-cap = Session cap

exports-col-held = Held

exports-col-confirmed = Confirmed

exports-col-remaining = Remaining

exports-col-set = Set

exports-col-meeting_date = Meeting date

exports-col-attendance = Attendance

exports-col-workshop = Workshop

exports-col-date = Date

exports-col-place = Place

exports-col-project = Project

exports-col-presentation_date = Presentation date

exports-col-presented = Presented

exports-col-measure = Measure

exports-col-baseline = Baseline

exports-col-target = Target

exports-col-latest = Latest

exports-attendance-present = Present

exports-attendance-apologies = Apologies

exports-attendance-absent = Absent

exports-attendance-not_recorded = Not recorded

exports-yes = Yes

exports-no = No

exports-other_member = A member at { $organisation }

exports-error-too_many_rows = This export would hold more than { $limit } rows. Choose a programme or an intake.

exports-error-unknown_kind = There is no such export.

exports-error-invalid_filter = Choose a programme or intake from the list.
