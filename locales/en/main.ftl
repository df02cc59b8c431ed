# Commands (setMyCommands): short, no trailing period.
cmd-start = Start
cmd-menu = Main menu
cmd-settings = Profile and settings
cmd-language = Change language
cmd-privacy = What we store and why
cmd-mydata = Download my data
cmd-deleteme = Delete my data
cmd-cancel = Stop the current step
cmd-help = Help and what the bot offers

language-choose = Choose your language:

start-welcome-back = Welcome back!

menu-title = <b>Main menu</b>
    Choose what you would like to do:
menu-settings = ⚙️ Profile and settings
menu-language = 🌐 Language
menu-privacy = 🔒 Privacy
menu-help = ❓ Help
menu-open = ⬅️ Main menu

help-text = <b>Women in Tech Tajikistan</b> helps girls and women into tech: free courses, mentors from the industry, job openings and a community.

    Here you can:
    • open the main menu — /menu
    • see and change your profile — /settings
    • change the language — /language
    • read what we store and why — /privacy
    • download or delete your data — /mydata, /deleteme
    • read this help again — /help

    { $count ->
        [0] Be the first to join us!
        [one] { $count } person is already with us.
       *[other] { $count } people are already with us.
    }

fallback-media = I can only read text messages and button presses here. Photos, files, voice messages and stickers are not saved. Please choose from the menu below.
fallback-unknown = I don't understand this message. Please choose from the menu below.
button-expired = This button no longer works. Open the menu again: /menu
error-db-busy = ⏳ Sorry, the bot is overloaded for a moment. Your message is kept and will be handled in a few seconds; if nothing happens, please try again.
flood-notice = 🙂 You are sending a lot at once. I will answer everything in order, just give me a moment.
error-generic = Something went wrong. Please try again in a minute.
