cmd-courses = Courses
cmd-mycourses = My courses
menu-courses = 📚 Courses
menu-my-courses = 🎓 My courses

catalog-title = <b>Courses</b>: { $count ->
        [one] { $count } course found
       *[other] { $count } courses found
    }, page { $page } of { $pages }. Choose a course or change the filters.
catalog-empty = No courses match these filters. Try changing them.
filter-topic = Topic: { $value }
filter-fmt = Format: { $value }
filter-lang = Language: { $value }
filter-region = Region: { $value }
filter-any = any
filter-choose = Choose:
format-online-self = online, at your own pace
format-online-live = online, live
format-offline = in person

course-format-line = Format: { $format }
course-languages-line = Taught in: { $languages }
course-dates-line = Dates: { $start } – { $end }
course-place-venue = Where: { $venue }, { $address }
course-place-online = Where: online
course-sessions-title = Sessions:
course-lessons-line = { $count ->
        [one] { $count } lesson
       *[other] { $count } lessons
    }
course-seats-left = Seats left: { $left } of { $total }
course-seats-unlimited = No seat limit
course-standing-enrolled = ✅ You are enrolled.
course-standing-waitlisted = ⏳ You are on the waitlist: number { $position } in line.
course-standing-offered = 🎉 A seat is free for you! Confirm it by { $until }.
course-closed = This course has ended.
course-not-found = This course is no longer available.

btn-enroll = ✅ Enroll
btn-join-waitlist = ⏳ Join the waitlist
btn-unenroll = Cancel my enrollment
btn-leave-waitlist = Leave the waitlist
btn-map = 📍 Venue on the map
btn-catalog = ⬅️ All courses
btn-edit-course = ✏️ Edit (coordinator)
btn-unenroll-yes = Yes, cancel
btn-unenroll-no = No, keep it

course-enrolled = You are enrolled in { $title }! 🎉
course-waitlisted = No seats are left, so you are on the waitlist: number { $position } in line. We will write to you as soon as a seat frees up.
course-already-enrolled = You are already enrolled in this course.
course-already-waitlisted = You are already on the waitlist: number { $position } in line.
course-unenroll-ask = Cancel your enrollment in { $title }? Your seat will go to the next person on the waitlist.
course-leave-waitlist-ask = Leave the waitlist of { $title }?
course-left = Done: you are no longer enrolled in { $title }.
course-not-enrolled = You are not enrolled in this course.
course-closed-alert = Enrollment in this course is closed.
course-offer-confirm = ✅ Confirm my seat
course-offer-decline = Give up the seat
course-confirmed = Your seat in { $title } is confirmed! 🎉
course-declined = You gave up the seat in { $title }. Thank you for letting someone else take it.
course-no-offer = This offer is no longer valid.
course-offer = 🎉 A seat is free in { $title }! It is held for you until { $until }. Confirm it, or it will go to the next person on the waitlist.
course-offer-lapsed = The seat in { $title } went to the next person on the waitlist because it was not confirmed within 24 hours. You can enroll again from the course card.
course-date-changed = 📅 { $title }: “{ $session }” now takes place on { $when }.
course-venue-changed = 📍 { $title }: “{ $session }” ({ $when }) takes place at a new venue: { $venue }, { $address }.
course-link-unknown = This course link is not valid any more. Here are our courses:

my-courses-title = <b>My courses</b>
my-courses-empty = You are not enrolled in any course yet. Open the catalog: /courses
my-course-enrolled = ✅ { $title }
my-course-waitlisted = ⏳ { $title }: waitlist, number { $position }
my-course-offered = 🎉 { $title }: confirm your seat by { $until }

edit-course-title = <b>Editing: { $title }</b>
    Seats: { $seats }, taken: { $enrolled }.
btn-edit-seats = Number of seats
btn-edit-date = 📅 { $session }: date
btn-edit-venue = 📍 { $session }: venue
btn-skip = Skip
edit-seats-ask = Send the new number of seats (now { $seats }, taken { $enrolled }).
edit-seats-invalid = Send a whole number from 1 to 10000.
edit-seats-refused = Can't set { $seats } seats: { $enrolled } are already taken. Choose at least { $enrolled }, or cancel some enrollments first.
edit-seats-saved = Saved: { $seats } seats.
edit-date-ask = Send the new date and time of “{ $session }” as DD.MM.YYYY HH:MM in your time zone ({ $zone }). Now: { $when }.
edit-date-invalid = I could not read that date. Example: 16.01.2027 10:00. It must be in the future.
edit-venue-ask = Send the new venue of “{ $session }”: the name of the place on the first line, the address on the second.
edit-venue-invalid = Send two lines: the name of the place, then its address.
edit-venue-pin = Now send the venue's location pin (📎 → Location), or press Skip to keep the old pin.
edit-saved = Saved. Enrolled learners have been told.
edit-forbidden = Only coordinators can edit courses.
