settings-title = <b>Profile and settings</b>
settings-profile = <b>Profile and settings</b>

    Name: { $name }
    Age group: { $age }
    Region and city: { $place }
    Status: { $status }
    Interests: { $interests }
    Level: { $level }
    Language: { $language }
    Time zone: { $zone }
    Quiet hours: { $quiet }
    Announcements: { $announcements }

    What would you like to change?
settings-not-set = not set
settings-saved = ✅ Saved.
settings-edit-language = 🌐 Language
settings-edit-name = Name
settings-edit-age = Age group
settings-edit-region = Region and city
settings-edit-status = Status
settings-edit-interests = Interests
settings-edit-level = Level
settings-announcements-on = on
settings-announcements-off = off (urgent ones still come)
settings-edit-announcements = 📣 Announcements on/off
