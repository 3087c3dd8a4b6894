appraisal-kind-appraisal = Appraisal

appraisal-kind-functioneringsgesprek = Functioneringsgesprek (performance conversation)

appraisal-kind-beoordelingsgesprek = Beoordelingsgesprek (assessment conversation)

appraisal-kind-none = Not from an appraisal conversation

appraisal-field-kind = Appraisal conversation this goal came from

appraisal-field-kind_hint = If this goal came from an appraisal conversation, say which and when. At the end of the relationship you may then share a summary of your progress on it with your line manager.

appraisal-field-date = Date of the conversation

appraisal-field-date_hint = For example 2026-03-14. Not in the future.

appraisal-field-cited = Appraisal conversation

appraisal-field-mentee = Name

appraisal-cited = { $kind }, { $date }

appraisal-page-link = Summary for your line manager

appraisal-page-title = Summary for your line manager

appraisal-page-intro = When the relationship has ended you may share a short summary of your progress on the goals that came from an appraisal conversation with your line manager, for your next appraisal. They see only your name, those goals (title, kind of conversation and date) and your summary: nothing else about the relationship.

appraisal-goals-caption = Your goals that cite an appraisal conversation

appraisal-goals-none = None of your goals in this relationship cites an appraisal conversation.

appraisal-manager_on_record = Your line manager on record: { $name }

appraisal-unavailable-not_ended = You can share a summary once the relationship has ended.

appraisal-unavailable-no_manager = Sharing is not available because no line manager is on record for you. Your organisation's coordinator can add your line manager to your record.

appraisal-unavailable-no_goals = Sharing is not available because none of your goals in this relationship cites an appraisal conversation.

appraisal-summary-label = Your summary

appraisal-summary-hint = At most 2,000 characters. Your line manager is emailed a link that opens it once.

appraisal-share = Share with my line manager

appraisal-status-label = Status

appraisal-status-sent = Sent

appraisal-status-opened = Opened

appraisal-status-withdrawn = Withdrawn

appraisal-status-sent_detail = Your line manager has not opened it yet. You can withdraw it until they do.

appraisal-status-opened_detail = Your line manager opened it on { $date }.

appraisal-status-withdrawn_detail = You withdrew it on { $date }. You may share a new summary.

appraisal-status-expired = Link expired

appraisal-status-expired_detail = The link expired on { $date } before your line manager opened it. Withdraw this summary to share a new one with a new link.

appraisal-shared_text = What you shared

appraisal-withdraw = Withdraw the summary

appraisal-manager-title = A mentoring summary shared with you

appraisal-manager-open_intro = A member of your staff has shared a summary of their progress on goals from their appraisal conversations with you, for their next appraisal.

appraisal-manager-open_once = The link works once: after you open the summary it cannot be opened again, so print or save the page if you want to keep it.

appraisal-manager-open = Open the summary

appraisal-manager-heading = Summary from { $mentee }

appraisal-manager-intro = { $mentee } shared this summary with you for their next appraisal. It is all that is shared with you about their mentoring.

appraisal-manager-goals = Goals from appraisal conversations

appraisal-manager-summary = Summary

appraisal-manager-used_now = This link has now been used. Print or save this page if you want to keep it.

error-appraisal-kind_required = Choose the kind of appraisal conversation, or clear the date.

error-appraisal-kind_unknown = Choose one of the kinds of appraisal conversation offered.

error-appraisal-date_required = Enter the date of the appraisal conversation, or choose none.

error-appraisal-date_in_future = The appraisal conversation's date cannot be in the future.

error-appraisal-summary_required = Write your summary.

error-appraisal-no_cited_goals = None of your goals in this relationship cites an appraisal conversation, so there is nothing to summarise for your line manager.

error-appraisal-no_line_manager = No line manager is on record for you, so the summary cannot be sent.

error-appraisal-already_shared = You have already shared a summary of this relationship. Withdraw it first to share a new one.

error-appraisal-not_withdrawable = Your line manager has already opened the summary, so it can no longer be withdrawn.

error-appraisal-link_unknown = This link is not known. Check that you copied the whole link from the email.

error-appraisal-link_expired = This link has expired. Ask your member of staff to share their summary again.

error-appraisal-link_used = This link has already been used: the summary was opened and cannot be opened again.

error-appraisal-link_withdrawn = Your member of staff withdrew this summary before it was opened, so it can no longer be read.

notices-kind-appraisal-summary_shared = A mentoring summary shared with you

notices-appraisal-summary_shared-subject = { $mentee } has shared a mentoring summary with you

notices-appraisal-summary_shared-body = { $mentee } has shared a summary of their progress on goals from their appraisal conversations with you, for their next appraisal.

notices-appraisal-summary_shared-link =
    The link works once and for { $days ->
        [one] { $days } day.
       *[other] { $days } days.
    } Opening it shows the summary; it cannot be opened again afterwards.

notices-appraisal-summary_shared-ignore = If you are not their line manager, please ignore this email.

notices-appraisal-summary_shared-action = Open the summary
