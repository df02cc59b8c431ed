settings-title = <b>Профил ва танзимот</b>
settings-profile = <b>Профил ва танзимот</b>

    Ном: { $name }
    Гурӯҳи синнусолӣ: { $age }
    Минтақа ва шаҳр: { $place }
    Машғулият: { $status }
    Самтҳои мавриди таваҷҷуҳ: { $interests }
    Сатҳ: { $level }
    Забон: { $language }
    Минтақаи вақт: { $zone }
    Соатҳои ором: { $quiet }
    Эълонҳо: { $announcements }

    Чиро тағйир додан мехоҳед?
settings-not-set = нишон дода нашудааст
settings-saved = ✅ Нигоҳ дошта шуд.
settings-edit-language = 🌐 Забон
settings-edit-name = Ном
settings-edit-age = Гурӯҳи синнусолӣ
settings-edit-region = Минтақа ва шаҳр
settings-edit-status = Машғулият
settings-edit-interests = Самтҳои мавриди таваҷҷуҳ
settings-edit-level = Сатҳ
settings-announcements-on = фаъол
settings-announcements-off = хомӯш (эълонҳои фаврӣ ба ҳар ҳол меоянд)
settings-edit-announcements = 📣 Эълонҳо: фаъол/хомӯш
