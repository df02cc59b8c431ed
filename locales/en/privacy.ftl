privacy-text = <b>Privacy</b>
    <b>What we store:</b> your Telegram id, the language you chose, your name, age group, region and city, current status, interests, level, and whether you want to learn or to mentor; the questions you send the team and our answers; your job alert settings and saved jobs; the link that brought you to the bot, if any; when you agreed to this notice (and, if you are under 18, when your parent or guardian agreed); when you last used the bot.
    <b>Why:</b> to offer you courses, mentors and job openings that fit you, and to send you the reminders you ask for.
    <b>Who sees it:</b> only the coordinators of Women in Tech Tajikistan. When you ask for a mentor, the mentor sees only your first name, age group, region, topic and goal — never your phone number or username. We never sell your data or give it to anyone.
    <b>How long:</b> until you delete it. The messages you send the bot are kept at most 48 hours, only so that none of them is lost. Messages you exchange with your mentor or mentee through the bot are kept { $relay_days } { $relay_days ->
        [one] day
       *[other] days
    }, so that our team can check a report, and then deleted.
    { privacy-community }

    /mydata — download my data
    /deleteme — delete my data

mydata-nothing = We store nothing about you.
mydata-caption = Everything we store about you.
deleteme-nothing = We store nothing about you, so there is nothing to delete.
deleteme-ask = Delete all your data? Your profile, interests and settings will be erased. This cannot be undone.
deleteme-ask-again = Are you sure? After this the bot will not remember you, and to come back you will start from the beginning.
btn-delete-yes = 🗑 Yes, delete
btn-delete-really = 🗑 Yes, delete everything
btn-delete-keep = No, keep my data
deleteme-done = Your data has been deleted. Thank you for being with us. If you want to come back, send /start.
deleteme-kept = Nothing was deleted.
