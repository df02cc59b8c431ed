onboarding-reminder = You are almost done with your profile in Women in Tech Tajikistan! Send /start to continue where you left off.

settings-edit-timezone = 🕒 Time zone
settings-edit-quiet = 🌙 Quiet hours
quiet-off = off
timezone-ask = Which time zone are you in? Reminders come at your local time.
timezone-other = Other (UTC offset)
timezone-ask-offset = Choose the UTC offset of where you live:
quiet-ask = Quiet hours: at this time the bot sends you nothing except urgent messages; what comes in quiet hours waits until they end.

tz-dushanbe = Dushanbe
tz-tashkent = Tashkent
tz-almaty = Almaty
tz-moscow = Moscow
tz-istanbul = Istanbul
tz-dubai = Dubai
tz-berlin = Berlin
tz-london = London
tz-new-york = New York
tz-seoul = Seoul
