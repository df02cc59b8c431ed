# Commands (setMyCommands): short, no trailing period.
cmd-start = Start
cmd-menu = Main menu
cmd-help = Help and what the bot offers
cmd-language = Change language

language-choose = Choose your language:
language-saved = Done: the language is { $language }.

start-welcome-back = Welcome back!

menu-title = <b>Main menu</b>
    Choose what you would like to do:
menu-language = 🌐 Language
menu-help = ❓ Help
menu-open = ⬅️ Main menu

help-text = <b>Women in Tech Tajikistan</b> helps girls and women into tech: free courses, mentors from the industry, job openings and a community.

    Here you can:
    • open the main menu — /menu
    • change the language — /language
    • read this help again — /help

    { $count ->
        [0] Be the first to join us!
        [one] { $count } person is already with us.
       *[other] { $count } people are already with us.
    }

fallback-start = To begin, send /start.
fallback-unknown = I don't understand this message. Please choose from the menu below.
button-expired = This button no longer works. Open the menu again: /menu
error-generic = Something went wrong. Please try again in a minute.
