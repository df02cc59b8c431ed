## Events

menu-events = 📅 Events
ev-list-title = <b>Events</b>: { $count ->
    [one] { $count } coming up
   *[other] { $count } coming up
}, page { $page } of { $pages }. Times are in your time zone.
ev-list-empty = No events are planned right now. New meetups and talks appear here, so check back soon!
ev-not-found = This event is no longer available.
ev-link-unknown = That event link no longer works. Here are the upcoming events.
ev-kind-meetup = Meetup
ev-kind-talk = Talk
ev-kind-webinar = Webinar
ev-kind-line = { $kind } · in { $language }
ev-when-line = 🗓 { $when }
ev-speaker-line = 🎤 Speaker: { $speaker }
ev-place-online = 💻 Online: { $link }
ev-place-online-hidden = 💻 Online. You get the link when you sign up.
ev-place-venue = 📍 { $venue }, { $address } ({ $city })
ev-seats-left = 👥 Seats left: { $left } of { $total }
ev-seats-unlimited = 👥 No seat limit · { $going } going
ev-standing-going = ✅ You are going.
ev-standing-waitlisted = ⏳ You are on the waitlist: number { $position }.
ev-closed = This event has already started.
ev-going = ✅ You are signed up for { $title }! We will remind you a day and an hour before.
ev-waitlisted = All seats are taken, so you are on the waitlist: number { $position }. If a seat frees up, it is yours and we will tell you.
ev-already-going = You are already signed up for { $title }.
ev-already-waitlisted = You are already on the waitlist: number { $position }.
ev-left = Your place at { $title } is cancelled.
ev-not-going = You were not signed up for this event.
ev-closed-alert = Sign-up for this event is closed.
ev-btn-rsvp = ✅ I'm going
ev-btn-leave = ❌ Cancel my place
ev-btn-leave-waitlist = ❌ Leave the waitlist
ev-btn-ics = 📆 Add to calendar
ev-btn-map = 📍 Map
ev-btn-list = ⬅️ All events
ev-btn-open = 📅 Open the event
ev-btn-edit = ✏️ Edit the event
ev-ics-caption = Open this file to add { $title } to your calendar.
ev-promoted = 🎉 A seat freed up: you are now going to { $title } ({ $when })! We will remind you before it starts.
ev-reminder-online = ⏰ Reminder: { $title } starts { $when }. Join here: { $link }
ev-reminder-venue = ⏰ Reminder: { $title } starts { $when } at { $venue }, { $address }.
ev-rate-ask = How was { $title }? Rate it from 1 to 5: it helps us plan the next ones.
ev-star-1 = 1 ⭐
ev-star-2 = 2 ⭐
ev-star-3 = 3 ⭐
ev-star-4 = 4 ⭐
ev-star-5 = 5 ⭐
ev-rated = Thank you! Your rating: { $stars } ⭐
ev-rated-text = Thank you for rating { $title }: { $stars } ⭐
ev-moved = 📅 { $title } has moved. It now starts { $when }.
ev-place-changed = 📍 The place of { $title } ({ $when }) has changed. Open the event to see where.
ev-cancelled-notice = ❌ { $title } ({ $when }) is cancelled. We are sorry! Look at the other events in the menu.
ev-message = 📣 About { $title }:

    { $text }

## Events: coordinators

admin-btn-events = 📅 Events
eva-list-title = <b>Events</b>: drafts, upcoming events, and 🏁 those of the last month. Choose one, or create a new one.
eva-btn-new = ➕ New event
eva-untitled = (no title yet)
eva-none = —
eva-created = A new draft. Fill in the title, date and place, then publish it.
eva-screen-head = <b>Event</b> · { $status }
eva-status-draft = 📝 draft (participants do not see it yet)
eva-status-published = ✅ published
eva-line-titles = Title:
eva-line-descriptions = Description:
eva-line-kind = Kind: { $kind }
eva-line-language = Language: { $language }
eva-line-when = Date and time: { $when }
eva-line-place = Place: { $place }
eva-line-speaker = Speaker: { $speaker }
eva-line-duration = Duration: { $minutes } min
eva-btn-duration = ⏱ Duration
eva-ask-duration = How long is it, in minutes? From 15 to 720, for example 90.
eva-duration-invalid = Type the length in minutes, a number from 15 to 720.
eva-line-seats = Seats: { $seats }
eva-line-link = Link to share: { $link }
eva-seats-none = no limit
eva-place-online = online, { $link }
eva-place-venue = { $venue }, { $address } ({ $city }), { $pin }
eva-pin-yes = pin set
eva-pin-no = no pin yet
eva-btn-title = Title · { $language }
eva-btn-description = Text · { $language }
eva-btn-kind = Kind: { $kind }
eva-btn-lang = Language: { $language }
eva-btn-when = 🗓 Date and time
eva-btn-place = 📍 Place
eva-btn-speaker = 🎤 Speaker
eva-btn-seats = 👥 Seats
eva-btn-publish = 🚀 Publish
eva-btn-people = 👥 Who is going
eva-btn-message = ✉️ Write to them
eva-btn-cancel = ❌ Cancel the event
eva-btn-online = 💻 Online
eva-cancel-ask = Cancel { $title }? Everyone signed up or waiting will be told.
eva-cancel-yes = Yes, cancel it
eva-cancelled = The event is cancelled; { $count } people will be told.
eva-ask-title = Type the title in { $language } (up to 120 characters).
eva-ask-description = Type the description in { $language } (up to 1500 characters).
eva-ask-when = Type the date and time in your time zone ({ $zone }) as DD.MM.YYYY HH:MM, for example 20.12.2026 18:00.
eva-ask-speaker = Type the speaker's name and what she does, for example: Nargis Saidova, data analyst.
eva-ask-seats = Type the number of seats, or 0 for no limit.
eva-ask-link = Type the link where people join, starting with https://
eva-ask-place = Online, or in which region?
eva-ask-city = Which city?
eva-ask-venue = Type the venue on two lines: its name, then the address.
eva-ask-pin = Now send the venue's location: 📎 → Location.
eva-ask-message = Type the message for the { $count } people going. Each gets it once.
eva-message-sent = Sent to { $count } people.
eva-people = <b>{ $title }</b>
    Going ({ $going_count }): { $going }
    Waitlist ({ $waiting_count }): { $waiting }
    Ratings: { $ratings }, average { $average }
eva-saved = Saved.
eva-published = Published! Participants see it in Events now.
eva-incomplete = Still missing: { $missing }.
eva-field-title = a title
eva-field-when = a date in the future
eva-field-place = the place (a link, or a venue with its pin)
eva-when-past = That time has passed. Type a date in the future as DD.MM.YYYY HH:MM.
eva-when-invalid = Write it as DD.MM.YYYY HH:MM, for example 20.12.2026 18:00.
eva-seats-invalid = Type a number from 1 to 10000, or 0 for no limit.
eva-link-invalid = That is not a link. Type one that starts with https://
eva-too-long = That is too long. Please make it shorter.
eva-invalid = That did not work. Please try again.
eva-venue-invalid = Two lines, please: the venue's name, then its address (up to 100 characters each).
eva-text-only = Please type it as text.

## Stories

menu-stories = ✨ Stories
story-list-title = <b>Stories</b> of women in tech, page { $page } of { $pages }. Choose one to read.
story-list-empty = There are no stories yet. The first one is coming soon!
story-subscribed = 🔔 You get a new story every week.
story-not-subscribed = Want a new story every week? Subscribe below (you can stop at any time).
story-btn-subscribe = 🔔 A story every week
story-btn-unsubscribe = 🔕 Stop the weekly stories
story-btn-all = ✨ All stories
story-subscribe-done = Done: a new story will come every week.
story-unsubscribe-done = Done: no more weekly stories.
story-push = ✨ <b>Story of the week</b>

## Peer connections

menu-peers = 🤝 Meet peers
peer-title = <b>Meet peers</b>
    Once a week we introduce you to another participant with the same language and shared interests. You talk through the bot: she sees only your first name, city and interests, never your username or phone number. Under-18s meet only under-18s.
peer-status-out = You are not taking part yet.
peer-status-in-online = ✅ You take part: we look for a peer anywhere, to talk online.
peer-status-in-offline = ✅ You take part: we look for a peer in your region, to meet in person too.
peer-pairs = Your peers — tap a name to write:
peer-btn-join = ✅ Take part
peer-btn-leave = 🚪 Stop taking part
peer-btn-offline-off = 📍 I also want to meet in person
peer-btn-offline-on = 💻 Online is enough
peer-btn-write-to = ✍️ Write to { $name }
peer-btn-write = ✍️ Write
peer-btn-reply = ✍️ Reply
peer-btn-skip = ⏭ Skip
peer-btn-stop = ✅ Done writing
peer-btn-block = 🚫 Block
peer-btn-report = ⚠️ Report
peer-joined = You take part. Pairs are made every Monday.
peer-left = You no longer take part.
peer-intro = 🤝 <b>Meet your peer of the week: { $name }</b>
    City: { $place }
    Interests: { $interests }

    Write to her through the bot, or skip.
peer-writing = ✍️ Write your message to { $name }. Everything you send now goes to her through the bot, until you press "Done writing".
peer-sent = ✅ Sent to { $name }.
peer-sent-masked = ✅ Sent to { $name }. Phone numbers, usernames and links were hidden, to keep you both safe.
peer-unsupported = Only text, photos, files and voice messages can be sent through the bot.
peer-stopped = Done.
peer-skipped = Skipped: you will not be paired with her again.
peer-blocked = Blocked: she can no longer write to you, and you will not be paired again.
peer-reported = Thank you for telling us. The conversation has ended, and the coordinators will look into it.
peer-ended = This conversation has ended.
peer-gone = This person no longer uses the bot.
peer-relay-header = 🤝 <b>{ $name }</b> (your peer) writes:
peer-report-notice = ⚠️ A participant reported a peer conversation (pair { $pair }); it has ended. The last messages:

    { $messages }
privacy-community = <b>Community:</b> the events you sign up for (and the link that brought you), your ratings of them, whether you get the weekly stories, and, if you meet peers, your choices, your pairings and the messages you send a peer (kept only for a limited time, in case of a report). A peer sees only your first name, city and interests; coordinators see the first names of those going to an event.
cmd-events = Events: meetups, talks, webinars
cmd-stories = Stories of women in tech
settings-edit-stories = ✨ Weekly story
