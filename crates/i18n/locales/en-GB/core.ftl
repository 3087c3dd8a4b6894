account-api_tokens = API tokens

account-api_tokens_intro = An API token lets a program use the Tandem API on your behalf, with your access rights.

account-create_token = Create API token

account-my_profile = View your profile

account-no_roles = No roles yet

account-roles = Your roles

account-title = Your account

account-token_name_hint = For example, the name of the program that will use it

account-token_once = Copy this token now. It will not be shown again.

country-GB = United Kingdom

country-NL = Netherlands

dashboard-actions = What you can do

dashboard-intakes = Intakes

dashboard-intakes_count =
    { $count ->
        [one] { $count } intake
       *[other] { $count } intakes
    }

dashboard-organisations = Organisations

dashboard-people = People

dashboard-people_by_organisation = People by organisation

dashboard-programmes = Programmes

dashboard-title = Scheme dashboard

date-day = Day

date-hint = For example, 15 9 2026

date-month = Month

date-year = Year

demo-banner = This is a demonstration. Every person and organisation here is made up.

demo-tag = Demo

error-account_locked =
    { $minutes ->
        [one] Too many attempts. Try again in { $minutes } minute, or reset your password.
       *[other] Too many attempts. Try again in { $minutes } minutes, or reset your password.
    }

error-already_exists = This already exists

error-choose_a_mode = Select at least one way sessions can take place

error-choose_country = Select the country

error-choose_grade_system = Select a grade system

error-choose_organisation = Select an organisation

error-choose_organisation_kind = Select the kind of organisation

error-choose_programme_kind = Select the kind of programme

error-closes_before_opens = The closing date must be on or after the opening date

error-control_characters = Must not contain control characters

error-date_invalid = Enter a real date, like 27 3 2026

error-date_required = Enter a date

error-duplicate_organisation = This organisation is listed more than once

error-email_invalid = Enter an email address in the correct format, like name@example.org

error-email_required = Enter an email address

error-email_taken = This email address is already used by someone in the scheme

error-field_message = { $field }: { $message }

error-go_home = Go to the start page

error-grade_not_in_system = This grade is not part of the chosen grade system

error-grade_range_reversed = The lowest grade must not be above the highest

error-invalid_value = This value is not valid

error-link_invalid = This link has expired or has already been used.

error-manager_cycle = This would make a loop in line management: this person already manages that manager, directly or indirectly

error-manager_is_self = A person cannot be their own line manager

error-manager_not_found = No one in the scheme has this email address

error-max_below_min = The maximum must not be lower than the minimum

error-must_be_positive = Must be 1 or more

error-name_taken = This name is already used

error-not_a_whole_number = Enter a whole number, like 3

error-not_true_or_false = Enter true or false

error-offset_multiple_of_limit = The offset must be a multiple of the limit ({ $limit })

error-organisation_not_allowed = You can only add or change people of your own organisation

error-page-bad_request = The request could not be understood. Go back and try again.

error-page-changed_meanwhile = Something changed while you were working on this, so nothing was changed. Look at it again and try once more.

error-page-conflict = This already exists.

error-page-csrf = This form has expired or was not sent from Tandem. Go back, reload the page and try again. Nothing was saved.

error-page-forbidden = Your role does not allow this. Ask your scheme coordinator if you need access.

error-page-internal = Try again later. Nothing you entered has been lost if it was saved before.

error-page-not_found = If you typed the web address, check it is correct. If you followed a link, the page may have been removed or you may not have access to it.

error-page-payload_too_large = Files can be up to { $max } MB. Split the file into smaller parts and upload each one.

error-page-unauthenticated = Sign in to continue.

error-page-validation = Some of the information given is not valid.

error-password_too_long = Your password must be { $max } characters or fewer

error-password_too_short = Your password must be at least { $min } characters

error-passwords_differ = The passwords do not match

error-prefix = Error:

error-required = Enter a value

error-session_too_long = A session cannot be longer than 24 hours

error-set_sizes_required = Action learning sets need a smallest and a largest set size

error-sign_in_failed = The email address or password is not correct

error-starts_before_closes = The start date must be on or after the closing date

error-summary_title = There is a problem

error-title-forbidden = You do not have access to this page

error-title-generic = Sorry, there is a problem

error-title-internal = Sorry, there is a problem with the service

error-title-not_found = Page not found

error-title-too_large = The file is too large

error-too_long = Must be 200 characters or fewer

error-too_long_n = Must be { $max } characters or fewer

error-too_many_places = Enter { $max } places or fewer

error-unknown_export_format = Choose CSV or XLSX

error-unknown_grade = Choose a grade of this grade system ({ $system })

error-unknown_grade_system = Choose a grade system

error-unknown_organisation = This organisation is not part of the scheme

error-whole_number = Enter a whole number, like 3

export-csv = CSV

export-intro = Download the people you can see:

export-xlsx = Excel (XLSX)

field-cadence_weeks = Weeks between meetings (optional)

field-closes_on = Applications close

field-confirm_password = Confirm new password

field-country = Country

field-description = Description (optional)

field-email = Email address

field-family_name = Family name

field-given_name = Given name

field-grade = Grade

field-grade_system = Grade system

field-job_title = Job title

field-language = Language

field-line_manager = Line manager

field-line_manager_email = Line manager's email address (optional)

field-mentor_load_max = Most mentees per mentor (optional)

field-mentor_load_min = Fewest mentees per mentor (optional)

field-mentor_training_required = Mentors must have completed mentor training

field-modes = How sessions can take place

field-name = Name

field-new_password = New password

field-opens_on = Applications open

field-organisation = Organisation

field-organisation_kind = Kind of organisation

field-organisation_kinds = Kinds of organisation

field-password = Password

field-pilot = This programme is a pilot

field-profession = Profession

field-professions = Professions

field-programme_kind = Kind of programme

field-session_cap = Most sessions per relationship (optional)

field-session_minutes = Length of a session in minutes (optional)

field-set_size_max = Largest set (optional)

field-set_size_min = Smallest set (optional)

field-starts_on = Programme starts

field-term_months = Length of the relationship in months (optional)

field-token_name = Name of the token

field-work_email = Work email address

footer-about = Tandem runs cross-organisational mentoring and peer-learning schemes in health and social care. Open source.

footer-heading = Support links

grade_system-afc = Agenda for Change

grade_system-fwg = FWG (Dutch care)

grade_system-local_authority = Local authority grades

grade_system-medical = Medical grades

import-action = What will happen

import-action-create = Add

import-action-unchanged = No change

import-action-update = Update

import-back_to_people = Go to the people list

import-bad_email = "{ $value }" is not a valid email address

import-cancel = Cancel and upload another file

import-changed = The people in Tandem changed since the file was checked, and the file now has problems. Upload it again to see them. Nothing was saved.

import-check = Check the file

import-choose_file = Select a CSV or XLSX file

import-column = Column

import-columns_intro = The first row names the columns. Tandem reads these columns (given name, family name, email and organisation are required):

import-confirm = Import these people

import-done_body = { $created } people added, { $updated } updated, { $unchanged } unchanged.

import-done_title = Import complete

import-duplicate_column = The column { $column } appears more than once

import-duplicate_email = { $value } is also on row { $line }

import-file_hint = CSV (UTF-8) or Excel XLSX

import-file_label = Upload a file

import-has_errors = Rows with problems: { $count }. Nothing has been saved. Correct the file and upload it again.

import-has_errors_title = The file has problems

import-intro = Upload an extract from your HR system as CSV or XLSX. Every row is checked first and nothing is saved until you confirm.

import-limits = Files can be up to { $max_mb } MB and { $max_rows } rows. People already in Tandem are matched by email address and updated, not duplicated.

import-malformed = The file cannot be read: { $reason }

import-management_cycle = Line manager { $value } would make a loop in line management

import-manager_not_found = No one in the file or the scheme has the email address { $value }

import-missing_columns = Required columns are missing: { $columns }

import-more_rows =
    { $count ->
        [one] And { $count } more row
       *[other] And { $count } more rows
    }

import-no_rows = The file has no rows of people

import-not_utf8 = The file is not UTF-8 text (row { $line }). Save it as "CSV UTF-8".

import-nothing_written = Nothing has been saved.

import-organisation_not_allowed = You can only import people of your own organisation, not "{ $value }"

import-person_in_other_organisation = { $value } belongs to another organisation

import-preview_expired = This check has expired or was not yours. Upload the file again.

import-preview_title = Check the import

import-problem = Problem

import-problems_caption = Problems by row and column

import-row = Row

import-rows_caption = Rows in the file

import-see_problems = See the problems, row by row

import-summary = Rows in the file: { $rows }. New: { $creates }, to update: { $updates }, unchanged: { $unchanged }.

import-title = Import people

import-too_large = The file is { $size } bytes; files can be up to { $max } bytes

import-too_large_upload = The file is larger than 5 MB. Split it into smaller files.

import-too_many_fields = a row has more values than there are columns

import-too_many_rows = The file has more than { $max } rows. Split it into smaller files.

import-unknown_grade = "{ $value }" is not a grade of { $system }

import-unknown_grade_system = "{ $value }" is not a grade system Tandem knows (use afc, medical, local_authority or fwg)

import-unknown_language = "{ $value }" is not a supported language (use en-GB or nl-NL)

import-unknown_organisation = No organisation in the scheme is called "{ $value }"

import-unreadable_csv = it is not a valid CSV file

import-unreadable_xlsx = it is not a valid XLSX workbook

import-unterminated_quote = a quoted value is not closed

import-upload_again = Upload a corrected file

intakes-add = Add an intake

intakes-dates = Applications open { $opens } and close { $closes }; the programme starts { $starts }.

intakes-edit = Change intake

intakes-name_hint = For example, 2026 cohort

intakes-no_places = No places set

intakes-none = No intakes yet

intakes-places = Places per organisation

intakes-places_caption = Places in { $name }

intakes-places_hint = How many of each organisation's staff this intake takes. Leave empty for none.

intakes-title = Intakes

invitation-ask_again = Ask your coordinator to send a new invitation.

invitation-title = Set your password

language-en--GB = English

language-nl--NL = Dutch

mode-in_person = In person

mode-telephone = Telephone

mode-video = Video

nav-account_label = Account

nav-dashboard = Dashboard

nav-menu_label = Menu

nav-organisations = Organisations

nav-people = People

nav-programmes = Programmes

nav-sign_out = Sign out

notice-created = Added

notice-import_done = The import is complete

notice-invitation_sent = An invitation to sign in has been sent

notice-password_set = Your password has been set. You can now sign in.

notice-saved = Your changes have been saved

notice-signed_out = You have signed out

notice-title = Success

organisation_kind-charity = Charity

organisation_kind-dutch_care_organisation = Dutch care organisation

organisation_kind-independent_provider = Independent provider

organisation_kind-local_authority = Local authority

organisation_kind-nhs_trust = NHS trust

organisations-add = Add an organisation

organisations-edit = Change organisation

organisations-none = No organisations yet

organisations-title = Organisations

page-actions = Actions

page-back = Back

page-edit = Change

page-error_prefix = Error:

page-information = Information

page-save = Save

page-skip_link = Skip to main content

password-rules = Use at least { $min } characters. A few unrelated words make a strong password.

password-save = Save password

people-add = Add a person

people-any_grade_system = Any grade system

people-any_organisation = Any organisation

people-apply = Search

people-clear = Clear filters

people-next = Next

people-none = No people match the search

people-pagination = Pages of results

people-previous = Previous

people-profession_hint = As recorded, for example Nursing

people-search = Name or email address

people-search_hint = Part of a name or email address is enough

people-search_label = Search people

people-table_caption = People matching the search

people-title = People

person-account = Sign-in

person-account_active = Can sign in

person-account_invited = Invited, has not set a password yet

person-account_none = Not invited

person-choose_grade_system = Choose a grade system

person-choose_organisation = Choose an organisation

person-edit = Change details

person-employments = Employment

person-grade_hint = For example 8a (Agenda for Change), ST4 (medical), PO2 (local authority) or FWG 45

person-hidden_employments =
    { $count ->
        [one] Also employed by { $count } other organisation
       *[other] Also employed by { $count } other organisations
    }

person-invite = Send an invitation to sign in

person-line_manager_hint = The line manager must already be in Tandem

person-manager_elsewhere = Someone at another organisation

person-no_employments = No employment recorded

person-no_manager = None recorded

person-primary = Main job

person-primary_employment = Main job

person-profession_hint = For example, Nursing, Social work or Medicine

programme-any_grade = Any grade

programme-cap_only =
    { $cap ->
        [one] Up to { $cap } session
       *[other] Up to { $cap } sessions
    }

programme-cap_summary =
    Up to { $cap ->
        [one] { $cap } session
       *[other] { $cap } sessions
    } of { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }

programme-description_hint = What the programme is for and who it is for

programme-edit_rules = Change the programme and its rules

programme-eligibility = Who can take part

programme-grade_from = From

programme-grade_ranges = Grades that can take part

programme-grade_ranges_hint = Leave a grade system on 'Any grade' at both ends to leave it out. Choosing one end only means 'from' or 'up to' that grade.

programme-grade_to = To

programme-length_only =
    { $minutes ->
        [one] Sessions of { $minutes } minute
       *[other] Sessions of { $minutes } minutes
    }

programme-mentor_load = Mentees per mentor

programme-minutes_total =
    { $minutes ->
        [one] { $minutes } minute in total
       *[other] { $minutes } minutes in total
    }

programme-months =
    { $count ->
        [one] { $count } month
       *[other] { $count } months
    }

programme-no_cap = No limit

programme-not_set = Not set

programme-open_to_all = Open to everyone in the scheme

programme-organisation_kinds_hint = Select none to allow every kind

programme-pilot_tag = Pilot

programme-professions_hint = One per line. Leave empty to allow every profession.

programme-rules = Rules

programme-session_cap_hint = For example, 3

programme-session_minutes_hint = For example, 90

programme-sessions = Sessions

programme-set_size = Set size

programme-set_size_hint = For action learning sets, for example 4 to 8

programme-weeks =
    { $count ->
        [one] Every week
       *[other] Every { $count } weeks
    }

programme_kind-action_learning_sets = Action learning sets

programme_kind-mentoring = One-to-one mentoring

programme_kind-paired_learning = Paired learning

programme_kind-virtual_cohort = Virtual mentoring cohort

programmes-add = Add a programme

programmes-edit = Change programme

programmes-none = No programmes yet

programmes-title = Programmes

reset-ask_again = Ask for a new link

reset-request_button = Send the link

reset-request_intro = Enter the email address you sign in with. If it belongs to an account, we will send a link to set a new password.

reset-request_title = Reset your password

reset-sent_body = If the address belongs to an account, a link to reset your password is on its way. The link works once and expires after a short time.

reset-sent_title = Check your email

reset-title = Set a new password

role-administrator = Administrator

role-programme_coordinator = Programme coordinator

role-evaluator = Evaluator

role-organisation_coordinator = Organisation coordinator

role-participant = Participant

role-scheme_coordinator = Scheme coordinator

service-name = Tandem

sign_in-button = Sign in

sign_in-forgot = Forgotten your password?

sign_in-link = Go to sign in

sign_in-title = Sign in

nav-mentors = Mentors

nav-applications = My applications

nav-relationships = My matches

intakes-link-form = Application form

intakes-link-applications = Applications and places

intakes-link-matching = Matching

intakes-link-relationships = Relationships

intakes-link-apply = Apply

nav-my_mentoring = My mentoring

person-mentoring_link = Mentor training, supervision and status

programme-figures-live =
    { $count ->
        [one] { $count } relationship running
       *[other] { $count } relationships running
    }

programme-figures-sessions_of =
    { $held } of { $allowed ->
        [one] { $allowed } session held
       *[other] { $allowed } sessions held
    }

programme-figures-sessions =
    { $held ->
        [one] { $held } session held
       *[other] { $held } sessions held
    }

programme-figures-quiet =
    { $count } with no session for { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    }

home-matches = Your matches

home-with = with { $names }

home-answer_needed = Your answer is needed

home-sessions_of =
    { $used } of { $cap ->
        [one] { $cap } session used
       *[other] { $cap } sessions used
    }

home-sessions =
    { $used ->
        [one] { $used } session held or booked
       *[other] { $used } sessions held or booked
    }

home-next_session_confirmed = Next session: { $when }

home-next_session_proposed = Proposed session, not confirmed yet: { $when }

home-no_next_session = No session booked

home-next_meeting = Next set meeting: { $date } at { $time }

home-no_next_meeting = No set meeting planned

home-action_due = Your action: { $text }

home-reflections = Reflective log

home-cpd = CPD record

home-directory = Directory of peers

home-calendar = Calendar feed

programme-figures-planned = { $count } booked ahead

programme-figures-set_attendance = set attendance { $present } of { $expected }
