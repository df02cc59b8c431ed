# Mentorship after the match: the relayed chat, meetings, check-ins, ending and reports.

## the relayed chat
relay-from-mentor = 💬 <b>{ $name }</b>, your mentor:
relay-from-mentee = 💬 <b>{ $name }</b>, your mentee:
btn-relay-reply = ↩️ Reply
btn-relay-write = ✉️ Write a message
btn-mentorship-open = Open
btn-write-mentor = ✉️ Write to my mentor
btn-write-mentee = ✉️ Write to my mentee
btn-relay-stop = ⏹ Stop writing
relay-started = ✉️ Everything you send now goes to { $name }: text, photos, documents and voice messages. She sees only your first name, never your username or phone number. Tap “Stop writing” when you are done.
relay-stopped = You have stopped writing to { $name }. Her answers still reach you here.
relay-masked = Sent, but phone numbers, usernames and links were hidden: when one of you is under 18, the bot does not pass on contact details, to keep you safe.
relay-unsupported = This cannot be sent through the bot. You can send text, photos, documents and voice messages.
relay-paused = This conversation is paused while our team checks something. Nothing can be sent for now.
relay-ended = This mentorship has ended, so messages cannot be sent any more.

## her view of one mentorship
mship-title-mentor = <b>Your mentor: { $name }</b>
mship-title-mentee = <b>Your mentee: { $name }</b>
mship-topic = Topic: { $topic }
mship-since = Since { $date }
mship-next-proposed = Proposed meeting: { $when }, waiting for an answer
mship-next-confirmed = Next meeting: { $when }
mship-paused = ⏸ Paused while our team checks a report.
mship-home-mentor = Your mentor: { $name } ({ $topic })
mship-home-mentee = Your mentee: { $name } ({ $topic })
btn-mship-mentor = 👩‍🏫 { $name }
btn-mship-mentee = 🌱 { $name }
btn-plan-meeting = 📅 Plan a meeting
btn-report = ⚠️ Report a problem
btn-end-mentorship = End the mentorship
mship-not-active = This mentorship has ended or is not yours.

## meetings
meeting-pick-day = 📅 On which day? Times are in your time zone ({ $tz }).
meeting-pick-hour = At what hour on { $day }?
meeting-pick-minute = And the minutes? { $day }, { $hour }:__
meeting-time-invalid = Please choose a time at least an hour from now and within the next 14 days.
meeting-proposal-sent = 📅 You proposed { $when }. We will tell you when { $name } answers.
meeting-proposed = 📅 { $name } proposes a meeting on { $when } (your time). Does it suit you?
btn-meeting-confirm = ✅ Confirm
btn-meeting-decline = Decline
meeting-confirmed = ✅ { $name } confirmed your meeting on { $when }. We will remind you both a day and an hour before.
meeting-declined = { $name } cannot meet on { $when }. You can propose another time in /mentor.
meeting-confirmed-you = ✅ Confirmed: { $when }. We will remind you a day and an hour before.
meeting-declined-you = You declined. { $name } can propose another time.
meeting-answered = This meeting has been answered already.
meeting-gone = This meeting is no longer open.
meeting-reminder-day = ⏰ Tomorrow: your meeting with { $name }, { $when }.
meeting-reminder-hour = ⏰ In an hour: your meeting with { $name }, { $when }.
meeting-happened-ask = Did your meeting with { $name } on { $when } take place?
btn-yes = Yes
btn-no = No
meeting-rate-ask = Thank you! How was it? Rate it from 1 to 5.
meeting-missed-noted = Thank you for telling us. You can plan a new meeting in /mentor.
btn-star-1 = 1 ⭐
btn-star-2 = 2 ⭐
btn-star-3 = 3 ⭐
btn-star-4 = 4 ⭐
btn-star-5 = 5 ⭐
feedback-comment-ask = Thank you! Would you like to add a comment? Write it here (up to 500 characters), or tap “Skip”.
feedback-comment-invalid = Please write your comment in 1 to 500 characters, or tap “Skip”.
feedback-thanks = Thank you for your feedback 💜
feedback-already = You have answered this already.
feedback-too-early = This question is not open yet.

## check-ins
mentor-checkin = 👋 { $day } days into your mentorship with { $name }: how is it going?
btn-checkin-good = 👍 Going well
btn-checkin-ok = 🙂 So-so
btn-checkin-bad = 😟 Not well
checkin-thanks = Thank you for answering! 💜
checkin-thanks-bad = We are sorry to hear that. If something is wrong, you can report a problem in your mentorship in /mentor: the conversation pauses and our team will look at it.

## ending
end-ask = End your mentorship with { $name }? You will no longer be able to write to each other through the bot.
btn-end-confirm = Yes, end it
mentorship-ended-you = Your mentorship with { $name } has ended. How would you rate it?
mentorship-ended-by-other = { $name } has ended your mentorship. Thank you for the time you gave each other! How would you rate it?

## reports
report-ask = Report a problem with { $name }? The conversation pauses at once, and our coordinators will read your recent messages to check what happened.
btn-report-confirm = ⚠️ Report and pause
mentorship-reported = ⏸ The conversation is paused and our team has your report. If you like, write here what happened, or tap “Done”. If you are in danger right now, tell an adult you trust or call the police.
report-details-thanks = Thank you. We have passed it to the team.
mentorship-paused = ⏸ Your conversation with { $name } is paused while our team checks something. Planned meetings are cancelled. We will write to you.
mentor-report = ⚠️ <b>Report #{ $id }</b> from { $reporter }
    Mentor: { $mentor }
    Mentee: { $mentee }
    Topic: { $topic }
    The mentorship is paused. Recent messages:
    { $context }
mentor-report-details = ⚠️ Report #{ $id }, what happened in her words:
    { $text }
btn-report-resume = ▶️ Resume
btn-report-end = ⏹ End it
btn-report-suspend = 🚫 Suspend the mentor
report-decided-resume = Resumed. Both have been told.
report-decided-end = Ended. Both have been told.
report-decided-suspend = The mentor is suspended: her mentorships have ended and her mentees have been told.
report-decided-already = This report has been decided already.
mentorship-resumed = ▶️ Your conversation with { $name } can go on: our team has checked the report.
mentorship-ended-by-team = Our team has ended your mentorship with { $name } after a report. If you need a mentor, you can ask for a new one in /mentor.
mentorship-ended-mentor-suspended = Your mentorship with { $name } has ended: she no longer mentors with us. You can ask for a new mentor in /mentor.
mentor-suspended = Our team has suspended your mentoring after a report, and your mentorships have ended. If you think this is a mistake, write to the team with “Ask the team” in the menu.
relay-sent = ✓ Sent to { $name }.
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun
