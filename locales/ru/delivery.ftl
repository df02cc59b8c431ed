onboarding-reminder = Вы почти заполнили профиль в Women in Tech Таджикистан! Отправьте /start, чтобы продолжить с того же места.

settings-edit-timezone = 🕒 Часовой пояс
settings-edit-quiet = 🌙 Тихие часы
quiet-off = выключены
timezone-ask = В каком часовом поясе вы живёте? Напоминания приходят по вашему местному времени.
timezone-other = Другой (смещение от UTC)
timezone-ask-offset = Выберите смещение от UTC там, где вы живёте:
quiet-ask = Тихие часы: в это время бот ничего вам не присылает, кроме срочных сообщений; всё остальное подождёт до их окончания.

tz-dushanbe = Душанбе
tz-tashkent = Ташкент
tz-almaty = Алматы
tz-moscow = Москва
tz-istanbul = Стамбул
tz-dubai = Дубай
tz-berlin = Берлин
tz-london = Лондон
tz-new-york = Нью-Йорк
tz-seoul = Сеул
