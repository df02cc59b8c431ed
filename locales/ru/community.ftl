## Мероприятия

menu-events = 📅 Мероприятия
ev-list-title = <b>Мероприятия</b>: { $count ->
    [one] впереди { $count } мероприятие
    [few] впереди { $count } мероприятия
   *[many] впереди { $count } мероприятий
}, страница { $page } из { $pages }. Время указано в вашем часовом поясе.
ev-list-empty = Сейчас мероприятий не запланировано. Новые встречи и лекции появятся здесь — загляните позже!
ev-not-found = Это мероприятие больше недоступно.
ev-link-unknown = Ссылка на мероприятие больше не работает. Вот ближайшие мероприятия.
ev-kind-meetup = Встреча
ev-kind-talk = Лекция
ev-kind-webinar = Вебинар
ev-kind-line = { $kind } · язык: { $language }
ev-when-line = 🗓 { $when }
ev-speaker-line = 🎤 Спикер: { $speaker }
ev-place-online = 💻 Онлайн: { $link }
ev-place-online-hidden = 💻 Онлайн. Ссылку вы получите после записи.
ev-place-venue = 📍 { $venue }, { $address } ({ $city })
ev-seats-left = 👥 Осталось мест: { $left } из { $total }
ev-seats-unlimited = 👥 Без ограничения мест · записались: { $going }
ev-standing-going = ✅ Вы записаны.
ev-standing-waitlisted = ⏳ Вы в листе ожидания: { $position }-я в очереди.
ev-closed = Это мероприятие уже началось.
ev-going = ✅ Вы записаны на «{ $title }»! Мы напомним за день и за час.
ev-waitlisted = Все места заняты, вы в листе ожидания: { $position }-я в очереди. Если место освободится, оно ваше — мы сообщим.
ev-already-going = Вы уже записаны на «{ $title }».
ev-already-waitlisted = Вы уже в листе ожидания: { $position }-я в очереди.
ev-left = Запись на «{ $title }» отменена.
ev-not-going = Вы не были записаны на это мероприятие.
ev-closed-alert = Запись на это мероприятие закрыта.
ev-btn-rsvp = ✅ Я пойду
ev-btn-leave = ❌ Отменить запись
ev-btn-leave-waitlist = ❌ Выйти из листа ожидания
ev-btn-ics = 📆 В календарь
ev-btn-map = 📍 Карта
ev-btn-list = ⬅️ Все мероприятия
ev-btn-open = 📅 Открыть мероприятие
ev-btn-edit = ✏️ Изменить мероприятие
ev-ics-caption = Откройте файл, чтобы добавить «{ $title }» в календарь.
ev-promoted = 🎉 Освободилось место: вы записаны на «{ $title }» ({ $when })! Мы напомним перед началом.
ev-reminder-online = ⏰ Напоминание: «{ $title }» начинается { $when }. Ссылка: { $link }
ev-reminder-venue = ⏰ Напоминание: «{ $title }» начинается { $when }, место: { $venue }, { $address }.
ev-rate-ask = Как вам «{ $title }»? Оцените от 1 до 5 — это поможет нам готовить следующие встречи.
ev-star-1 = 1 ⭐
ev-star-2 = 2 ⭐
ev-star-3 = 3 ⭐
ev-star-4 = 4 ⭐
ev-star-5 = 5 ⭐
ev-rated = Спасибо! Ваша оценка: { $stars } ⭐
ev-rated-text = Спасибо за оценку «{ $title }»: { $stars } ⭐
ev-moved = 📅 «{ $title }» перенесено. Новое время: { $when }.
ev-place-changed = 📍 Изменилось место «{ $title }» ({ $when }). Откройте мероприятие, чтобы узнать, где оно пройдёт.
ev-cancelled-notice = ❌ «{ $title }» ({ $when }) отменено. Нам очень жаль! Посмотрите другие мероприятия в меню.
ev-message = 📣 О мероприятии «{ $title }»:

    { $text }

## Мероприятия: координаторы

admin-btn-events = 📅 Мероприятия
eva-list-title = <b>Мероприятия</b>: черновики, предстоящие и 🏁 прошедшие за месяц. Выберите мероприятие или создайте новое.
eva-btn-new = ➕ Новое мероприятие
eva-untitled = (без названия)
eva-none = —
eva-created = Новый черновик. Заполните название, дату и место, затем опубликуйте.
eva-screen-head = <b>Мероприятие</b> · { $status }
eva-status-draft = 📝 черновик (участницы его пока не видят)
eva-status-published = ✅ опубликовано
eva-line-titles = Название:
eva-line-descriptions = Описание:
eva-line-kind = Формат: { $kind }
eva-line-language = Язык: { $language }
eva-line-when = Дата и время: { $when }
eva-line-place = Место: { $place }
eva-line-speaker = Спикер: { $speaker }
eva-line-duration = Длительность: { $minutes } мин
eva-btn-duration = ⏱ Длительность
eva-ask-duration = Сколько оно длится, в минутах? От 15 до 720, например 90.
eva-duration-invalid = Напишите длительность в минутах — число от 15 до 720.
eva-line-seats = Места: { $seats }
eva-line-link = Ссылка для приглашений: { $link }
eva-seats-none = без ограничения
eva-place-online = онлайн, { $link }
eva-place-venue = { $venue }, { $address } ({ $city }), { $pin }
eva-pin-yes = точка на карте есть
eva-pin-no = точки на карте пока нет
eva-btn-title = Название · { $language }
eva-btn-description = Текст · { $language }
eva-btn-kind = Формат: { $kind }
eva-btn-lang = Язык: { $language }
eva-btn-when = 🗓 Дата и время
eva-btn-place = 📍 Место
eva-btn-speaker = 🎤 Спикер
eva-btn-seats = 👥 Места
eva-btn-publish = 🚀 Опубликовать
eva-btn-people = 👥 Кто записан
eva-btn-message = ✉️ Написать им
eva-btn-cancel = ❌ Отменить мероприятие
eva-btn-online = 💻 Онлайн
eva-cancel-ask = Отменить «{ $title }»? Все записавшиеся и ожидающие получат сообщение.
eva-cancel-yes = Да, отменить
eva-cancelled = Мероприятие отменено; сообщение получат { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}.
eva-ask-title = Напишите название на языке «{ $language }» (до 120 символов).
eva-ask-description = Напишите описание на языке «{ $language }» (до 1500 символов).
eva-ask-when = Напишите дату и время в вашем часовом поясе ({ $zone }) в виде ДД.ММ.ГГГГ ЧЧ:ММ, например 20.12.2026 18:00.
eva-ask-speaker = Напишите имя спикера и чем она занимается, например: Наргис Саидова, аналитик данных.
eva-ask-seats = Напишите число мест или 0, если без ограничения.
eva-ask-link = Напишите ссылку для подключения, начиная с https://
eva-ask-place = Онлайн или в каком регионе?
eva-ask-city = В каком городе?
eva-ask-venue = Напишите место в две строки: название, затем адрес.
eva-ask-pin = Теперь отправьте точку на карте: 📎 → Геопозиция.
eva-ask-message = Напишите сообщение для записавшихся ({ $count }). Каждая получит его один раз.
eva-message-sent = Отправлено: { $count }.
eva-people = <b>{ $title }</b>
    Записались ({ $going_count }): { $going }
    Лист ожидания ({ $waiting_count }): { $waiting }
    Оценок: { $ratings }, средняя { $average }
eva-saved = Сохранено.
eva-published = Опубликовано! Участницы уже видят его в разделе «Мероприятия».
eva-incomplete = Ещё не заполнено: { $missing }.
eva-field-title = название
eva-field-when = дата в будущем
eva-field-place = место (ссылка или адрес с точкой на карте)
eva-when-past = Это время уже прошло. Напишите дату в будущем в виде ДД.ММ.ГГГГ ЧЧ:ММ.
eva-when-invalid = Напишите в виде ДД.ММ.ГГГГ ЧЧ:ММ, например 20.12.2026 18:00.
eva-seats-invalid = Напишите число от 1 до 10000 или 0, если без ограничения.
eva-link-invalid = Это не ссылка. Напишите ссылку, начинающуюся с https://
eva-too-long = Слишком длинно. Пожалуйста, сократите.
eva-invalid = Не получилось. Попробуйте ещё раз.
eva-venue-invalid = Нужно две строки: название места, затем адрес (до 100 символов каждая).
eva-text-only = Пожалуйста, напишите это текстом.

## Истории

menu-stories = ✨ Истории
story-list-title = <b>Истории</b> женщин в технологиях, страница { $page } из { $pages }. Выберите, что прочитать.
story-list-empty = Историй пока нет. Первая скоро появится!
story-subscribed = 🔔 Каждую неделю вы получаете новую историю.
story-not-subscribed = Хотите новую историю каждую неделю? Подпишитесь ниже (отписаться можно в любой момент).
story-btn-subscribe = 🔔 История каждую неделю
story-btn-unsubscribe = 🔕 Не присылать истории
story-btn-all = ✨ Все истории
story-subscribe-done = Готово: новая история будет приходить каждую неделю.
story-unsubscribe-done = Готово: больше не будем присылать истории.
story-push = ✨ <b>История недели</b>

## Знакомства

menu-peers = 🤝 Знакомства
peer-title = <b>Знакомства</b>
    Раз в неделю мы знакомим вас с другой участницей, которая говорит на том же языке и разделяет ваши интересы. Вы общаетесь через бота: она видит только ваше имя, город и интересы — никогда не username и не номер телефона. Участницы младше 18 лет знакомятся только друг с другом.
peer-status-out = Вы пока не участвуете.
peer-status-in-online = ✅ Вы участвуете: ищем собеседницу откуда угодно, для общения онлайн.
peer-status-in-offline = ✅ Вы участвуете: ищем собеседницу в вашем регионе, чтобы можно было встретиться и вживую.
peer-pairs = Ваши собеседницы — нажмите на имя, чтобы написать:
peer-btn-join = ✅ Участвовать
peer-btn-leave = 🚪 Больше не участвовать
peer-btn-offline-off = 📍 Хочу встречаться и вживую
peer-btn-offline-on = 💻 Достаточно онлайн
peer-btn-write-to = ✍️ Написать: { $name }
peer-btn-write = ✍️ Написать
peer-btn-reply = ✍️ Ответить
peer-btn-skip = ⏭ Пропустить
peer-btn-stop = ✅ Закончить
peer-btn-block = 🚫 Заблокировать
peer-btn-report = ⚠️ Пожаловаться
peer-joined = Вы участвуете. Пары составляются каждый понедельник.
peer-left = Вы больше не участвуете.
peer-intro = 🤝 <b>Ваша собеседница недели: { $name }</b>
    Город: { $place }
    Интересы: { $interests }

    Напишите ей через бота или пропустите.
peer-writing = ✍️ Напишите сообщение для { $name }. Всё, что вы сейчас отправите, бот передаст ей, пока вы не нажмёте «Закончить».
peer-sent = ✅ Отправлено: { $name }.
peer-sent-masked = ✅ Отправлено: { $name }. Номера телефонов, username и ссылки скрыты — ради безопасности вас обеих.
peer-unsupported = Через бота можно отправить только текст, фото, файлы и голосовые сообщения.
peer-stopped = Готово.
peer-skipped = Пропущено: вас больше не поставят в пару с ней.
peer-blocked = Заблокировано: она больше не сможет вам писать, и в пару вас больше не поставят.
peer-reported = Спасибо, что сообщили. Разговор завершён, координаторы разберутся.
peer-ended = Этот разговор завершён.
peer-gone = Эта участница больше не пользуется ботом.
peer-relay-header = 🤝 <b>{ $name }</b> (ваша собеседница) пишет:
peer-report-notice = ⚠️ Участница пожаловалась на разговор в знакомствах (пара { $pair }). Пара завершена; сообщения — в таблице relayed_messages (канал «peer»).
privacy-community = <b>Сообщество:</b> мероприятия, на которые вы записались (и ссылка, по которой вы пришли), ваши оценки, подписка на истории, а если вы участвуете в знакомствах — ваши настройки, пары и сообщения собеседнице (хранятся ограниченное время на случай жалобы). Собеседница видит только ваше имя, город и интересы; координаторы видят имена записавшихся на мероприятие.
cmd-events = Мероприятия: встречи, лекции, вебинары
cmd-stories = Истории женщин в технологиях
settings-edit-stories = ✨ История недели
