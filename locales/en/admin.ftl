## Coordinators: /admin, the team, the audit log, statistics, exports, broadcasts, questions

admin-title = <b>Coordinator menu</b>
    What would you like to do?
admin-btn-broadcast = 📣 New broadcast
admin-btn-stats = 📊 Statistics
admin-btn-export = 📁 Export (CSV)
admin-btn-audit = 🧾 Audit log
admin-btn-team = 👥 Coordinators

## The team (owners only)
team-title = <b>Coordinators</b>
team-owner-mark = owner
team-revoke = ✖️ Remove { $name }
team-add = ➕ Add a coordinator
team-ask = Choose the person with the button below, or type her Telegram id (digits only). She must have opened this bot before.
team-pick = 👤 Choose a person
team-ask-again = Please use the button below or type a Telegram id in digits.
team-cancelled = Nobody was added.
team-granted = ✅ She is a coordinator now. The role works from her next message.
team-unknown-user = This person has not opened the bot yet. Ask her to send /start first, then try again.
team-already = Nothing changed: she already has this role, or no longer has it.
team-owner = Owners are set in the bot's settings (ADMIN_IDS) and cannot be removed here.
team-revoked = The coordinator role was removed.

## Audit log
audit-title = <b>Audit log</b> (the newest 20 entries: time UTC · who · what)
audit-empty = Nothing has been recorded yet.

## Statistics
stats-wait = Counting… the charts follow in a moment.
stats-none = none yet
stats-more = …and { $count } more
stats-source-direct = no link
stats-text = <b>Statistics</b>

    👩 Onboarded: { $onboarded } (consented: { $consented })
    Active in the last 7 days: { $active7 }, in 30 days: { $active30 }

    <b>By region</b>
    { $regions }

    <b>By language</b>
    { $languages }

    <b>By age group</b>
    { $ages }

    <b>By status</b>
    { $statuses }

    <b>New users by link source</b>
    { $sources }

    📚 Enrollments: { $enrollments } (people: { $enrolled }), completed: { $completions } (people: { $completed })
    🤝 Mentor requests: { $requests }, matches: { $matches }, still open: { $open }
    📅 Meetings held: { $held }, missed: { $missed }; reports waiting: { $reports }
    💼 Job alerts sent: { $alerts }
stats-chart-empty = No data yet
stats-chart-new-users = New users per week
stats-chart-new-users-series = New users
stats-chart-people = People
stats-chart-regions = Users by region
stats-chart-funnel = From onboarding to a finished course
stats-funnel-consented = Started onboarding
stats-funnel-onboarded = Finished onboarding
stats-funnel-enrolled = Enrolled in a course
stats-funnel-completed = Finished a course
stats-chart-matches = Mentorship matches per week
stats-chart-matches-series = Matches
stats-chart-count = Count

## Exports
export-title = <b>Export</b>
    Which file? (UTF-8 CSV that Excel opens; only what participants agreed to share)
export-participants = 👩 Participants
export-enrollments = 📚 Enrollments and progress
export-mentorships = 🤝 Mentorships
export-wait = Preparing the file…
export-caption = { $rows } rows.

## Broadcasts: composing
bc-choose-language = <b>New broadcast</b>
    In which language will you write? You can add the other languages afterwards; each person gets her own language.
bc-write = Send the announcement in <b>{ $language }</b>: a text, or a picture with a caption (up to { $limit } characters). Bold, italics and links are kept.
bc-write-first = First write the announcement in at least one language.
bc-only-text-or-photo = Only a text or one picture with a caption can be broadcast. Please send it again.
bc-caption-needed = A picture needs a caption in at least one language. Please send it with a caption.
bc-too-long = The { $language } text is too long: at most { $limit } characters (a caption under a picture is shorter). Please send a shorter one.
bc-draft = <b>Broadcast draft</b>

    Written in: { $languages }
    Missing (these people get a fallback language): { $missing }
    Picture: { $picture }
    Audience: { $audience }
    Reaches: <b>{ $reach }</b> people
    Urgent (ignores quiet hours and muted announcements): { $urgent }
    When: { $when }
bc-none-missing = none
bc-yes = yes
bc-no = no
bc-when-now = right after you confirm
bc-btn-languages = 🌐 Languages
bc-btn-audience = 🎯 Audience
bc-btn-preview = 👁 Preview
bc-btn-urgent-on = 🚨 Urgent: on
bc-btn-urgent-off = 🔕 Urgent: off
bc-btn-now = 🚀 Send now
bc-btn-later = 🕒 Schedule
bc-btn-discard = 🗑 Discard
bc-discarded = The draft was discarded. Nothing was sent.
bc-preview-sent = The preview is below.
bc-preview-header = 👁 Preview ({ $language }):

## Broadcasts: the audience
bc-audience = <b>Audience</b>
    { $audience }

    Reaches: <b>{ $reach }</b> people. Choose filters: inside one filter any value matches; different filters must all match.
bc-audience-everyone = everyone
bc-audience-done = ✅ Done
bc-everyone = 👥 Everyone (clear filters)
bc-choices = <b>{ $kind }</b>: tap to choose or unchoose. Reaches: <b>{ $reach }</b> people.
bc-no-options = There is nothing to choose here yet.
bc-dim-languages = Language
bc-dim-regions = Region
bc-dim-age_groups = Age group
bc-dim-roles = Role
bc-dim-statuses = Status
bc-dim-enrolled = Enrolled in
bc-dim-finished = Finished
bc-dim-active = Active recently
bc-active-days = active in the last { $days } days
bc-active-any = any time
bc-role-participant = Participants
bc-role-mentor = Mentors
bc-role-coordinator = Coordinators

## Broadcasts: when and confirmation
bc-when-ask = When should it go out? Type the date and time in your time zone, like <code>{ $example }</code>.
bc-when-invalid = Please type the date and time like 25.12.2026 10:00.
bc-when-range = The time must be in the future and within 60 days.
bc-confirm-now = Send this broadcast to <b>{ $reach }</b> people now?
bc-confirm-later = Send this broadcast to <b>{ $reach }</b> people on { $when }?
bc-confirm-urgent = 🚨 Urgent: it ignores quiet hours and muted announcements.
bc-btn-confirm = ✅ Yes, send
bc-started = The broadcast has started.

## Broadcasts: progress and the report
bc-progress-starting = 📣 Broadcast #{ $id }: { $total } recipients. Starting…
bc-progress = 📣 <b>Broadcast #{ $id }</b> is being sent
    { $bar }
    Sent: { $sent } · failed: { $failed } · blocked the bot: { $blocked } · unknown: { $unknown }
    Left: { $left } of { $total }
bc-progress-scheduled = 📣 <b>Broadcast #{ $id }</b> is scheduled for { $when } ({ $total } recipients).
bc-progress-done = 📣 <b>Broadcast #{ $id }</b> is finished
    { $bar }
    Sent: { $sent } · failed: { $failed } · blocked the bot: { $blocked } · unknown: { $unknown }
bc-progress-cancelled = 📣 <b>Broadcast #{ $id }</b> was cancelled
    { $bar }
    Sent: { $sent } · failed: { $failed } · blocked the bot: { $blocked } · unknown: { $unknown } · not sent: { $left }
bc-cancel = ⛔ Cancel the broadcast
bc-cancelled = Cancelled: { $count } messages will not be sent. Messages already on their way finish.
bc-report = 📋 <b>Report of broadcast #{ $id }</b>
    Recipients: { $total }
    Sent: { $sent }
    Failed: { $failed }
    Blocked the bot: { $blocked }
    Unknown (the bot stopped while sending; not sent again): { $unknown }
    { $names }
    { $more ->
        [0] {""}
       *[other] …and { $more } more
    }
bc-report-cancelled = 📋 <b>Report of cancelled broadcast #{ $id }</b>
    Recipients: { $total }
    Sent before cancelling: { $sent }
    Not sent: { $cancelled }
    Failed: { $failed }
    Blocked the bot: { $blocked }
    Unknown (the bot stopped while sending; not sent again): { $unknown }
    { $names }
    { $more ->
        [0] {""}
       *[other] …and { $more } more
    }

## Ask the team
menu-ask = 💬 Ask the team
team-ask-question = Write your question to the Women in Tech team in one message (up to { $limit } characters). A coordinator will answer you here.
team-question-sent = ✅ Your question was sent. A coordinator will answer you here in this chat.
team-question-kept-not = Your question was not sent. You can ask again from the menu.
team-text-only = Please write your question as text.
team-too-short = That is too short: please write at least { $low } characters.
team-too-long = That is too long: at most { $high } characters. Please shorten it and send it again.
team-too-many = You have sent several questions today. Please wait for the answers; you can ask again tomorrow.
team-question-new = 💬 <b>Question #{ $id }</b> from { $name }:

    { $question }
btn-reply = ↩️ Reply
team-answer-ask = Type your answer to this question:

    { $question }
team-answer-sent = ✅ Your answer was sent.
team-answer-not-sent = The answer was not sent.
team-answered-already = Another coordinator has already answered this question.
team-question-gone = This question no longer exists (the participant deleted her data).
team-answer = 💬 <b>The team answered your question</b>

    <i>{ $question }</i>

    { $answer }
