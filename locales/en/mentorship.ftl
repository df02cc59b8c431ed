cmd-mentor = Mentors: find one or become one
menu-mentorship = 🤝 Mentorship
language-tg = Tajik
language-ru = Russian
language-en = English
mentor-format-online = online
mentor-format-offline = in person
mentor-format-both = online and in person
btn-cancel = ✖️ Cancel

mentor-home-title = <b>Mentorship</b>
    A mentor is a woman working in tech who helps you with advice, once a week or so, through this bot. Your phone number and username stay private.
mentor-home-no-request = You have no mentor request yet.
mentor-home-request-open = Your request ({ $topic }) is with a mentor now. We will write as soon as she answers.
mentor-home-request-waiting = Your request ({ $topic }) is with our coordinators: it will take a little longer, but we have not forgotten you.
mentor-home-mentor = You are a mentor 💜 Mentees at once: { $capacity }.
mentor-home-mentor-paused = You are a mentor, on a pause now: you get no new requests. Mentees at once: { $capacity }.
mentor-home-pending = Your mentor application is being reviewed by our coordinators.
btn-find-mentor = 🔍 Find a mentor
btn-withdraw-request = Withdraw my request
btn-become-mentor = 🤝 Become a mentor
btn-pause = ⏸ Pause new requests
btn-resume = ▶️ Take requests again
btn-capacity = Mentees at once
btn-mentor-queue = 📋 Coordinator: applications and requests

mentor-ask-expertise = In which areas can you mentor? Choose one or more, then tap “Done”.
mentor-ask-languages = In which languages can you mentor? Choose one or more, then tap “Done”.
mentor-ask-format = How can you meet?
mentor-ask-region = Where can you meet in person?
mentor-ask-bio = Tell mentees about yourself in a few sentences: your path in tech, what you can help with (10–500 characters).
mentor-ask-workplace = Where do you work and in what role? For example: Alif Bank, QA engineer.
mentor-ask-capacity = How many mentees can you have at once?
mentor-pick-topic = Choose at least one area.
mentor-pick-language = Choose at least one language.
mentor-bio-invalid = Please write 10 to 500 characters about yourself.
mentor-workplace-invalid = Please write your workplace and role in 2 to 100 characters.
mentor-text-expected = Please answer with a text message.
mentor-applied = Thank you! Your application has gone to our coordinators. We will write to you when they decide.
mentor-already-applied = You have applied already.
mentor-approved = 🎉 You are now a mentor of Women in Tech Tajikistan! We will send you requests that fit you; you can pause them at any time in /mentor.
mentor-rejected = Thank you for offering to mentor. This time our coordinators could not approve your application; they may write to you about it.

mentor-ask-topic = What do you want help with?
mentor-ask-goal = What is your goal? Write it in a few sentences (10–500 characters): the mentor will read it.
mentor-goal-invalid = Please describe your goal in 10 to 500 characters.
mentor-ask-request-language = In which language do you want to talk?
mentor-ask-request-format = Online or in person?
mentor-request-sent = Your request is sent. We are looking for a mentor who fits you.
mentor-request-exists = You already have an open request. You can withdraw it in /mentor.
mentor-request-withdrawn = Your request is withdrawn.
mentor-request-waiting = We have not found a free mentor for your request yet, so our coordinators will look for one by hand. It will take a little longer, but we will write to you.

mentor-application = <b>New mentor application</b>
    Name: { $name }
    Areas: { $expertise }
    Languages: { $languages }
    Meets: { $format }
    Works at: { $workplace }
    Mentees at once: { $capacity }
    About: { $bio }
btn-approve = ✅ Approve
btn-reject = ❌ Reject
btn-approve-name = ✅ { $name }
mentor-app-approved-by = ✅ The application of { $name } was approved by { $by }.
mentor-app-rejected-by = ❌ The application of { $name } was rejected by { $by }.
mentor-decided-already = Another coordinator has decided already.
mentor-coordinators-only = Only coordinators can do this.

mentor-offer = <b>A mentee is looking for a mentor</b>
    Name: { $name }
    Age group: { $age }
    Region: { $region }
    Topic: { $topic }
    Goal: { $goal }

    Can you mentor her? Please answer by { $until }.
mentor-offer-reminder = ⏰ A mentee is still waiting for your answer (by { $until }).
    Name: { $name }, topic: { $topic }
    Goal: { $goal }
btn-accept = ✅ Accept
btn-decline = Decline
mentor-offer-accepted = Thank you! You are her mentor now. We have told her.
mentor-offer-declined = Thank you for answering. We will offer her request to another mentor.
mentor-offer-answered = You have answered this request already.
mentor-offer-gone = This request is no longer open.
mentor-offer-full = You have no free place for a new mentee now.
mentor-matched-mentee = 🎉 You have a mentor: { $name } will help you with { $topic }.
mentor-matched-mentor = 🎉 { $name } is your new mentee ({ $topic }).

mentor-request-unmatched = A mentor request ({ $topic }) found no mentor automatically: please match it by hand in /mentor.
mentor-queue-title = <b>Mentoring queue</b>
    Applications waiting: { $applications }
    Requests without a mentor: { $requests }
mentor-queue-request = Request #{ $id }: { $topic }
mentor-pick = Choose a mentor for this request:
mentor-pick-none = No approved mentor with a free place speaks this language now.
mentor-matched-by-hand = Matched. Both have been told.
