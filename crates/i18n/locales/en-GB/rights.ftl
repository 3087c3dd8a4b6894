rights-former_participant = Former participant

rights-account-heading = Your personal data

rights-account-intro = See everything the scheme holds about you, download it as a file, and give or withdraw your consents.

rights-account-view_data = See your data

rights-account-consents = Your consents

rights-data-title = Your data

rights-data-title_other = Data held about this person

rights-data-intro = Everything the scheme holds about this person, as stored. Field names are those of the database. Other people's private notes are never included.

rights-data-generated = Produced on { $date } at { $time } (UTC).

rights-data-download = Download as a file (JSON)

rights-data-print_hint = To keep a paper copy, print this page from your browser.

rights-data-contents = Contents

rights-data-nothing = Nothing held.

rights-data-empty_value = empty

rights-data-cut_off = Only the first { $limit } entries are shown; ask the scheme's administrator for the rest.

rights-consents-title = Your consents

rights-consents-intro = What you agreed to, on what basis, and when. You can change your mind at any time; a withdrawal takes effect at once.

rights-consent-research = Research use of your survey answers

rights-consent-assessment = Assessment data

rights-consent-equality = Equality monitoring data

rights-basis-assessment-v1 = The scheme may keep the results of assessments you take part in (for example a 360-degree review) to support your development. Only you and the people you choose see them. Lawful basis: your consent.

rights-basis-equality-v1 = The scheme may keep equality monitoring information you give (for example age band or ethnicity) to check that its programmes are fair. It is only ever reported in groups large enough that nobody can be recognised. Lawful basis: your explicit consent.

rights-consents-not_asked = You have not given or withdrawn this consent.

rights-consents-given = You gave this consent on { $date }.

rights-consents-withdrawn = You withdrew this consent on { $date }.

rights-consents-give = Give consent

rights-consents-withdraw = Withdraw consent

rights-consents-history = History

rights-consents-history_given = given

rights-consents-history_withdrawn = withdrawn

rights-consents-no_history = No decisions recorded yet.

rights-person-data = See and download this person's data

rights-person-erase = Erase this person

rights-erase-title = Erase { $name }

rights-erase-cannot_undo = This cannot be undone

rights-erase-consequences = Erasing this person means:

rights-erase-name = their name is replaced by "Former participant" everywhere, and their email address, phone numbers, profile, job title and the answers they gave are removed;

rights-erase-account = their account is deleted and they are signed out everywhere;

rights-erase-private = their private notes and reflective log are deleted;

rights-erase-kept = other people's records stay: relationships, sessions, attendance and survey scores, so the programme's figures do not change;

rights-erase-audit = the audit log is kept as it is: it holds ids only.

rights-erase-export_first = If the person asked for a copy of their data, produce it first.

rights-erase-confirm = Erase this person

rights-erase-cancel = Cancel and go back

rights-notice-erased = The person has been erased.

rights-notice-consent_saved = Your choice is saved.

rights-notice-retention_saved = The retention periods are saved.

rights-notice-retention_applied = The retention rules have been applied.

rights-settings-heading = Personal data

rights-settings-text = How long records are kept, and what the retention rules would remove now.

rights-retention-title = Retention of records

rights-retention-intro = Records are not kept longer than needed. These rules run automatically every few minutes on every server; each line says how many records a run would change now.

rights-retention-rule-closed_relationships = Relationships closed more than { $years } years ago: agreements, session topics, private notes and reasons for ending are removed

rights-retention-rule-unconfirmed_registrations = Self-registrations not confirmed within { $days } days: removed with the person

rights-retention-rule-expired_credentials = Expired emailed links, approval links, set-up codes and unfinished single sign-ons: removed

rights-retention-rule-dead_notices = Notices that could not be delivered, after { $days } days: removed

rights-retention-would_remove = { $count } now

rights-retention-automatic = You can also apply the rules now.

rights-retention-apply = Apply the rules now

rights-retention-change = Change the periods

rights-retention-field-years = Years to keep a closed relationship's free text

rights-retention-field-years_hint = Between 1 and 50 years.

rights-retention-field-registration_days = Days to keep an unconfirmed self-registration

rights-retention-field-dead_notice_days = Days to keep a notice that could not be delivered

rights-retention-field-days_hint = Between 7 and 3650 days.

rights-retention-save = Save periods

rights-error-years = Enter a number of years between 1 and 50.

rights-error-days = Enter a number of days between 7 and 3650.

rights-section-person = Your record

rights-section-employments = Employments

rights-section-registration = Self-registration

rights-section-account = Account

rights-section-sign_in_sessions = Sign-in sessions

rights-section-api_tokens = API tokens

rights-section-emailed_tokens = Emailed links

rights-section-roles = Roles

rights-section-profile = Profile and contact details

rights-section-directory = Directory listing

rights-section-calendar_feed = Calendar feed

rights-section-notice_preferences = Notice preferences

rights-section-applications = Applications

rights-section-application_events = Application history

rights-section-nominations = Nominations

rights-section-mentor_standing = Mentor status

rights-section-mentor_training = Mentor training

rights-section-supervision = Supervision

rights-section-relationships = Relationships

rights-section-other_members = Other members of your relationships

rights-section-agreements = Agreements

rights-section-sessions = Sessions

rights-section-private_notes = Your private notes

rights-section-endings = Endings

rights-section-set_attendance = Set attendance

rights-section-set_presentations = Issues brought to sets

rights-section-set_actions = Set actions

rights-section-goals = Goals

rights-section-reflections = Reflective log

rights-section-cpd = CPD activities

rights-section-survey_requests = Survey requests

rights-section-survey_responses = Survey answers

rights-section-survey_scores = Survey scores

rights-section-research_consent = Research consent

rights-section-consents = Consent history

rights-section-notices = Notices sent to you

rights-section-audit = Audit log entries

rights-section-set_apologies = Apologies sent for set meetings

rights-section-appraisal_summaries = Appraisal summaries you shared

rights-section-appraisal_summaries_received = Appraisal summaries shared with you as line manager
