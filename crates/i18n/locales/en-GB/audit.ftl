audit-title = Audit log

audit-intro = Who did what, and when, newest first. Entries hold ids and codes only and can never be changed: `tandem audit verify` checks that none has been.

audit-filter_label = Filter the audit log

audit-action = Action

audit-action_hint = An action code, for example person.update

audit-actor = By

audit-actor_hint = A person's id

audit-subject = Subject

audit-subject_hint = The id or code the action was about

audit-from = From

audit-to = To

audit-apply = Show entries

audit-clear = Clear filters

audit-at = When (UTC)

audit-detail = Detail

audit-no_actor = System

audit-none = No entries match.

audit-pagination = Audit log pages

audit-newest = Newest entries

audit-older = Older entries

audit-nav = Audit log

audit-error-filter_too_long = Enter at most 200 characters

audit-error-dates_reversed = The end date must not be before the start date
