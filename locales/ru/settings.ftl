settings-title = <b>Профиль и настройки</b>
settings-profile = <b>Профиль и настройки</b>

    Имя: { $name }
    Возрастная группа: { $age }
    Регион и город: { $place }
    Чем занимаюсь: { $status }
    Интересы: { $interests }
    Уровень: { $level }
    Язык: { $language }
    Часовой пояс: { $zone }
    Тихие часы: { $quiet }
    Объявления: { $announcements }

    Что вы хотите изменить?
settings-not-set = не указано
settings-saved = ✅ Сохранено.
settings-edit-language = 🌐 Язык
settings-edit-name = Имя
settings-edit-age = Возрастная группа
settings-edit-region = Регион и город
settings-edit-status = Чем занимаюсь
settings-edit-interests = Интересы
settings-edit-level = Уровень
settings-announcements-on = включены
settings-announcements-off = выключены (срочные всё равно приходят)
settings-edit-announcements = 📣 Объявления: вкл./выкл.
