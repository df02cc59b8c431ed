## Jobs: the list, saved jobs, job alerts and digests

menu-jobs = 💼 Jobs
cmd-jobs = Job openings and job alerts
jobs-title = <b>💼 Open positions</b>: { $count } (page { $page } of { $pages })
jobs-title-mine = <b>💼 Matching your job alert</b>: { $count } (page { $page } of { $pages })
jobs-none = There are no open positions right now. Turn on job alerts and we will write to you when new ones appear.
jobs-none-mine = Nothing matches your job alert right now. You can change its filters, or see all openings.
jobs-remote = Remote
jobs-deadline = Apply by { $date }
jobs-open-link = Open the vacancy
jobs-btn-open = 🔗 { $n }
jobs-btn-all = 📋 Show all openings
jobs-btn-mine = 🎯 Only those matching my alert
jobs-btn-saved = ⭐ Saved jobs
jobs-btn-alerts = 🔔 Job alerts
jobs-btn-unsave = ✖️ Remove { $n }
jobs-saved = ⭐ Saved. Find it under Saved jobs.
jobs-unsaved = Removed from saved jobs.
jobs-gone = This opening is no longer available.
jobs-saved-title = <b>⭐ Saved jobs</b>
jobs-saved-none = You have no saved jobs yet. Tap ☆ next to an opening to save it.

## Job alerts
jobs-alert-intro = <b>🔔 Job alerts</b>
    Get new openings that fit you in one message at the hour you pick: daily or weekly. You choose the topics (your interests are already chosen), the level, remote or on-site, and words that must or must not appear.
jobs-btn-subscribe = 🔔 Turn on job alerts
jobs-subscribed = 🔔 Job alerts are on.
jobs-alert = <b>🔔 Your job alert</b>
    How often: { $frequency }
    Topics: { $topics }
    Level: { $level }
    Where: { $remote }
    Time: { $hour } (your time)
    Must mention one of: { $include }
    Must not mention: { $exclude }
jobs-all-topics = all topics
jobs-frequency-daily = Daily
jobs-frequency-weekly = Weekly (Mondays)
jobs-frequency-off = Off
jobs-remote-any = Any
jobs-remote-remote = Remote only
jobs-remote-onsite = On-site only
jobs-level-any = Any level
jobs-btn-topics = 🏷 Topics
jobs-btn-hour = 🕘 Time
jobs-btn-include = ➕ Must mention
jobs-btn-exclude = ➖ Must not mention
jobs-btn-done = ✅ Done
jobs-topics-ask = Choose the topics of your job alert (none chosen means all topics):
jobs-hour-ask = At what time should the alert come? (your time zone)
jobs-words-ask-in = Type words, separated by commas, of which at least one must appear in an opening (for example: python, analyst). Up to { $count } words. Send “-” to clear.
jobs-words-ask-out = Type words, separated by commas, that must not appear in an opening (for example: senior, night shift). Up to { $count } words. Send “-” to clear.
jobs-words-text-only = Please type the words as text.
jobs-words-too-long = That is too long: at most { $limit } characters.
jobs-words-not-saved = The words were not changed.

## The digest
jobs-digest = <b>💼 New openings for you</b>: { $count }
jobs-digest-more = …and { $count } more: tap “More openings”.
jobs-btn-more = 📋 More openings

## A coordinator posts an opening
admin-btn-job = 💼 Post a job
post-title-ask = <b>New job opening</b>
    Type the job title (for example: Junior Python developer).
post-company-ask = The company or organization:
post-location-ask = Where is the job? Type the city, or tap Remote.
post-level-ask = The level:
post-topics-ask = The topics (people whose alerts follow these topics will get it):
post-url-ask = The link to the vacancy or the application form (https://…):
post-url-invalid = That does not look like a link. Please send a full address starting with https://
post-deadline-ask = The application deadline, like 31.12.2026, or tap No deadline (it then closes after 30 days).
post-deadline-invalid = Please type the date like 31.12.2026.
post-deadline-past = The deadline must be in the future.
post-no-deadline = No deadline
post-text-only = Please answer with text.
post-length = Please write between { $low } and { $high } characters.
post-confirm = Publish this opening?
post-publish = ✅ Publish
post-cancel = ✖️ Cancel
post-cancelled = The opening was not published.
post-done = ✅ Published. It appears in Jobs now and in the next digests of everyone whose alert matches.
post-duplicate = This opening is already published (the same link, or the same title and company).
post-invalid = Something is missing: the title or the link. Please start again.
