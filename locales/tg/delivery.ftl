onboarding-reminder = Шумо профили худро дар Women in Tech Тоҷикистон қариб пур кардед! Барои идома додан аз ҳамон ҷо /start-ро фиристед.

settings-edit-timezone = 🕒 Минтақаи вақт
settings-edit-quiet = 🌙 Соатҳои ором
quiet-off = хомӯш
timezone-ask = Шумо дар кадом минтақаи вақт зиндагӣ мекунед? Ёдраскуниҳо аз рӯи вақти маҳаллии шумо меоянд.
timezone-other = Дигар (фарқ аз UTC)
timezone-ask-offset = Фарқи вақтро аз UTC дар ҷое, ки зиндагӣ мекунед, интихоб кунед:
quiet-ask = Соатҳои ором: дар ин вақт бот ба шумо ҷуз паёмҳои фаврӣ чизе намефиристад; боқимонда то анҷоми онҳо интизор мешавад.

tz-dushanbe = Душанбе
tz-tashkent = Тошкент
tz-almaty = Алмаато
tz-moscow = Маскав
tz-istanbul = Истанбул
tz-dubai = Дубай
tz-berlin = Берлин
tz-london = Лондон
tz-new-york = Ню-Йорк
tz-seoul = Сеул
