consent-text = <b>Before we start</b>
    To help you, the bot stores what you tell it: your name, age group, region and city, current status, interests and level. Only the coordinators of Women in Tech Tajikistan see it; a mentor sees only your first name, age group, region and goal. You can download or delete your data at any time (/mydata, /deleteme). More: /privacy

    Do you agree?
btn-agree = ✅ I agree
btn-disagree = ❌ I don't agree
consent-declined = All right: nothing about you has been stored. If you change your mind, send /start.

name-ask = What is your name? Type it, or tap the button below.
name-use = Yes, I'm { $name }
name-text-only = Please type your name as a text message.
name-no-links = A name can't contain links or @usernames. Please type just your name.
name-too-long = That is too long for a name: please use at most 50 characters.
name-no-digits = A name can't contain digits. Please type your name in letters.
name-too-short = That is too short: please type at least 2 letters.
name-letters-only = Please use only letters, spaces and hyphens.

age-ask = How old are you?
age-13-15 = 13–15
age-16-17 = 16–17
age-18-24 = 18–24
age-25-34 = 25–34
age-35plus = 35+
age-under13 = Under 13
age-too-young = Thank you for your interest! This bot is for girls and women aged 13 and older, so we have not stored anything about you. We will be happy to see you when you turn 13 💜

guardian-ask = You are under 18, so a parent or guardian needs to agree that you use the bot and that we keep your answers. Does your parent or guardian agree?
btn-guardian-yes = ✅ Yes, my parent or guardian agrees
btn-guardian-no = Not yet
guardian-declined = All right: we have not kept anything about you. Talk to your parent or guardian, and when they agree, send /start.
age-not-changed = Your age group was not changed.

region-ask = Where do you live?
city-ask = { $region }: which city? If yours is not in the list, tap “Other city”.
btn-city-other = Other city
city-ask-text = Type the name of your city or district.
city-ask-abroad = Which country and city do you live in? Type it, for example: Germany, Berlin.
city-text-only = Please type the name of your city as a text message.
city-no-links = A city name can't contain links or @usernames.
city-too-long = That is too long: please use at most 60 characters.
city-no-digits = A city name can't contain digits.
city-too-short = That is too short: please type at least 2 letters.
city-letters-only = Please use only letters, spaces, hyphens and commas.

status-ask = What do you do now?
status-school = School student
status-university = University student
status-graduate = Graduate
status-employed = Employed
status-seeking = Looking for work

interests-ask = What interests you? Choose one or more, then tap “Done”.
    { $count ->
        [0] Nothing chosen yet.
       *[other] Chosen: { $count }.
    }
interest-programming = Programming
interest-web = Web development
interest-mobile = Mobile apps
interest-data-ai = Data and AI
interest-design = Design
interest-cybersecurity = Cybersecurity
interest-robotics = Robotics
interest-product = Product and project management
interest-marketing = Digital marketing
interests-pick-one = Choose at least one interest.

level-ask = What is your level in tech?
level-beginner = Beginner
level-intermediate = Intermediate
level-advanced = Advanced

goal-ask = And what would you like to do here?
goal-learn = 📚 I want to learn
goal-mentor = 🤝 I want to mentor

onboarding-done = Welcome to Women in Tech Tajikistan! Your profile is ready 🎉
onboarding-done-mentor = Your profile is ready 🎉 Thank you for wanting to mentor! To apply, open “🤝 Mentorship” below and tap “Become a mentor”.
onboarding-continue = Let's finish your profile first.

btn-back = ⬅️ Back
btn-done = ✅ Done
hint-use-buttons = Please choose one of the buttons below.

cancel-nothing = There is nothing to cancel.
cancel-done = Cancelled. Open the menu: /menu
cancel-onboarding = Stopped. What you entered so far is saved; send /start to continue where you left off.
