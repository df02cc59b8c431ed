cmd-mentor = Менторы: найти или стать ментором
menu-mentorship = 🤝 Менторство
language-tg = Таджикский
language-ru = Русский
language-en = Английский
mentor-format-online = онлайн
mentor-format-offline = очно
mentor-format-both = онлайн и очно
btn-cancel = ✖️ Отмена

mentor-home-title = <b>Менторство</b>
    Ментор — женщина, которая работает в IT и помогает вам советом примерно раз в неделю через этот бот. Ваш номер телефона и @username остаются скрытыми.
mentor-home-no-request = У вас пока нет заявки на менторство.
mentor-home-request-open = Ваша заявка ({ $topic }) сейчас у ментора. Мы напишем, как только она ответит.
mentor-home-request-waiting = Ваша заявка ({ $topic }) у наших координаторов: это займёт чуть больше времени, но мы о вас не забыли.
mentor-home-mentor = Вы ментор 💜 Подопечных одновременно: { $capacity }.
mentor-home-mentor-paused = Вы ментор, сейчас на паузе: новые заявки вам не приходят. Подопечных одновременно: { $capacity }.
mentor-home-pending = Ваша анкета ментора на рассмотрении у наших координаторов.
btn-find-mentor = 🔍 Найти ментора
btn-withdraw-request = Отозвать заявку
btn-become-mentor = 🤝 Стать ментором
btn-pause = ⏸ Приостановить заявки
btn-resume = ▶️ Снова принимать заявки
btn-capacity = Подопечных одновременно
btn-mentor-queue = 📋 Координатор: анкеты и заявки

mentor-ask-expertise = В каких направлениях вы можете быть ментором? Выберите одно или несколько и нажмите «Готово».
mentor-ask-languages = На каких языках вы можете вести менторство? Выберите один или несколько и нажмите «Готово».
mentor-ask-format = В каком формате вы можете встречаться?
mentor-ask-region = Где вы можете встречаться очно?
mentor-ask-bio = Расскажите подопечным о себе в нескольких предложениях: ваш путь в IT и с чем вы можете помочь (10–500 символов).
mentor-ask-workplace = Где и кем вы работаете? Например: Alif Bank, QA-инженер.
mentor-ask-capacity = Сколько подопечных вы можете вести одновременно?
mentor-pick-topic = Выберите хотя бы одно направление.
mentor-pick-language = Выберите хотя бы один язык.
mentor-bio-invalid = Пожалуйста, напишите о себе от 10 до 500 символов.
mentor-workplace-invalid = Пожалуйста, укажите место работы и должность: от 2 до 100 символов.
mentor-text-expected = Пожалуйста, ответьте текстовым сообщением.
mentor-applied = Спасибо! Ваша анкета отправлена нашим координаторам. Мы напишем вам, когда они примут решение.
mentor-already-applied = Вы уже отправили анкету.
mentor-approved = 🎉 Теперь вы ментор Women in Tech Таджикистан! Мы будем присылать вам подходящие заявки; приостановить их можно в любой момент в /mentor.
mentor-rejected = Спасибо, что предложили стать ментором. В этот раз наши координаторы не смогли одобрить вашу анкету; возможно, они напишут вам об этом.

mentor-ask-topic = С чем вам нужна помощь?
mentor-ask-goal = Какая у вас цель? Опишите её в нескольких предложениях (10–500 символов): ментор прочитает это.
mentor-goal-invalid = Пожалуйста, опишите свою цель: от 10 до 500 символов.
mentor-ask-request-language = На каком языке вы хотите общаться?
mentor-ask-request-format = Онлайн или очно?
mentor-request-sent = Ваша заявка отправлена. Мы ищем подходящего вам ментора.
mentor-request-exists = У вас уже есть открытая заявка. Отозвать её можно в /mentor.
mentor-request-withdrawn = Ваша заявка отозвана.
mentor-request-waiting = Для вашей заявки пока не нашлось свободного ментора, поэтому наши координаторы подберут его вручную. Это займёт чуть больше времени, но мы вам напишем.

mentor-application = <b>Новая анкета ментора</b>
    Имя: { $name }
    Направления: { $expertise }
    Языки: { $languages }
    Формат встреч: { $format }
    Место работы: { $workplace }
    Подопечных одновременно: { $capacity }
    О себе: { $bio }
btn-approve = ✅ Одобрить
btn-reject = ❌ Отклонить
btn-approve-name = ✅ { $name }
mentor-app-approved-by = ✅ Анкета { $name } одобрена координатором { $by }.
mentor-app-rejected-by = ❌ Анкета { $name } отклонена координатором { $by }.
mentor-decided-already = Решение уже принято другим координатором.
mentor-coordinators-only = Это могут делать только координаторы.

mentor-offer = <b>Подопечная ищет ментора</b>
    Имя: { $name }
    Возрастная группа: { $age }
    Регион: { $region }
    Тема: { $topic }
    Цель: { $goal }

    Сможете стать её ментором? Пожалуйста, ответьте до { $until }.
mentor-offer-reminder = ⏰ Подопечная всё ещё ждёт вашего ответа (до { $until }).
    Имя: { $name }, тема: { $topic }
    Цель: { $goal }
btn-accept = ✅ Принять
btn-decline = Отклонить
mentor-offer-accepted = Спасибо! Теперь вы её ментор. Мы ей уже сообщили.
mentor-offer-declined = Спасибо за ответ. Мы предложим её заявку другому ментору.
mentor-offer-answered = Вы уже ответили на эту заявку.
mentor-offer-gone = Эта заявка уже неактуальна.
mentor-offer-full = Сейчас у вас нет свободного места для новой подопечной.
mentor-matched-mentee = 🎉 У вас есть ментор: { $name } поможет вам с темой «{ $topic }».
mentor-matched-mentor = 🎉 { $name } — ваша новая подопечная ({ $topic }).

mentor-request-unmatched = Для заявки на менторство ({ $topic }) ментор автоматически не нашёлся: пожалуйста, подберите его вручную в /mentor.
mentor-queue-title = <b>Очередь менторства</b>
    Анкеты на рассмотрении: { $applications }
    Заявки без ментора: { $requests }
mentor-queue-request = Заявка №{ $id }: { $topic }
mentor-pick = Выберите ментора для этой заявки:
mentor-pick-none = Сейчас нет одобренных менторов со свободным местом, которые говорят на этом языке.
mentor-matched-by-hand = Готово: пара составлена. Мы сообщили обеим.
