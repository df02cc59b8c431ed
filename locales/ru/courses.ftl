cmd-courses = Курсы
cmd-mycourses = Мои курсы
menu-courses = 📚 Курсы
menu-my-courses = 🎓 Мои курсы

catalog-title = <b>Курсы</b>: { $count ->
        [one] найден { $count } курс
        [few] найдено { $count } курса
       *[many] найдено { $count } курсов
    }, страница { $page } из { $pages }. Выберите курс или измените фильтры.
catalog-empty = По этим фильтрам курсов нет. Попробуйте их изменить.
filter-topic = Тема: { $value }
filter-fmt = Формат: { $value }
filter-lang = Язык: { $value }
filter-region = Регион: { $value }
filter-any = любой
filter-choose = Выберите:
format-online-self = онлайн, в своём темпе
format-online-live = онлайн, в прямом эфире
format-offline = очно

course-format-line = Формат: { $format }
course-languages-line = Язык обучения: { $languages }
course-dates-line = Даты: { $start } – { $end }
course-place-venue = Где: { $venue }, { $address }
course-place-online = Где: онлайн
course-sessions-title = Занятия:
course-lessons-line = { $count ->
        [one] { $count } урок
        [few] { $count } урока
       *[many] { $count } уроков
    }
course-seats-left = Свободных мест: { $left } из { $total }
course-seats-unlimited = Без ограничения мест
course-standing-enrolled = ✅ Вы записаны.
course-standing-waitlisted = ⏳ Вы в листе ожидания: { $position }-я в очереди.
course-standing-offered = 🎉 Для вас освободилось место! Подтвердите его до { $until }.
course-closed = Этот курс уже закончился.
course-not-found = Этот курс больше недоступен.

btn-enroll = ✅ Записаться
btn-join-waitlist = ⏳ Встать в лист ожидания
btn-unenroll = Отменить запись
btn-leave-waitlist = Выйти из листа ожидания
btn-map = 📍 Место на карте
btn-catalog = ⬅️ Все курсы
btn-edit-course = ✏️ Изменить (координатор)
btn-unenroll-yes = Да, отменить
btn-unenroll-no = Нет, оставить

course-enrolled = Вы записаны на курс «{ $title }»! 🎉
course-waitlisted = Свободных мест нет, поэтому вы в листе ожидания: { $position }-я в очереди. Мы напишем, как только освободится место.
course-already-enrolled = Вы уже записаны на этот курс.
course-already-waitlisted = Вы уже в листе ожидания: { $position }-я в очереди.
course-unenroll-ask = Отменить запись на курс «{ $title }»? Ваше место перейдёт следующей в листе ожидания.
course-leave-waitlist-ask = Выйти из листа ожидания курса «{ $title }»?
course-left = Готово: вы больше не записаны на курс «{ $title }».
course-not-enrolled = Вы не записаны на этот курс.
course-closed-alert = Запись на этот курс закрыта.
course-offer-confirm = ✅ Подтвердить место
course-offer-decline = Отказаться от места
course-confirmed = Ваше место на курсе «{ $title }» подтверждено! 🎉
course-declined = Вы отказались от места на курсе «{ $title }». Спасибо, что уступили его другой.
course-no-offer = Это предложение уже недействительно.
course-offer = 🎉 На курсе «{ $title }» освободилось место! Оно закреплено за вами до { $until }. Подтвердите его, иначе место перейдёт следующей в листе ожидания.
course-offer-lapsed = Место на курсе «{ $title }» перешло следующей в листе ожидания, потому что его не подтвердили за 24 часа. Вы можете снова записаться из карточки курса.
course-date-changed = 📅 { $title }: занятие «{ $session }» теперь проходит { $when }.
course-venue-changed = 📍 { $title }: занятие «{ $session }» ({ $when }) проходит в новом месте: { $venue }, { $address }.
course-link-unknown = Эта ссылка на курс больше не действует. Вот наши курсы:

my-courses-title = <b>Мои курсы</b>
my-courses-empty = Вы пока не записаны ни на один курс. Откройте каталог: /courses
my-course-enrolled = ✅ { $title }
my-course-waitlisted = ⏳ { $title }: лист ожидания, { $position }-я
my-course-offered = 🎉 { $title }: подтвердите место до { $until }

edit-course-title = <b>Изменение: { $title }</b>
    Мест: { $seats }, занято: { $enrolled }.
btn-edit-seats = Количество мест
btn-edit-date = 📅 { $session }: дата
btn-edit-venue = 📍 { $session }: место
btn-skip = Пропустить
edit-seats-ask = Отправьте новое количество мест (сейчас { $seats }, занято { $enrolled }).
edit-seats-invalid = Отправьте целое число от 1 до 10000.
edit-seats-refused = Нельзя поставить { $seats } мест: уже занято { $enrolled }. Укажите не меньше { $enrolled } или сначала отмените часть записей.
edit-seats-saved = Сохранено: мест — { $seats }.
edit-date-ask = Отправьте новую дату и время занятия «{ $session }» в виде ДД.ММ.ГГГГ ЧЧ:ММ по вашему часовому поясу ({ $zone }). Сейчас: { $when }.
edit-date-invalid = Не удалось прочитать дату. Пример: 16.01.2027 10:00. Дата должна быть в будущем.
edit-venue-ask = Отправьте новое место занятия «{ $session }»: название в первой строке, адрес во второй.
edit-venue-invalid = Отправьте две строки: название места, затем адрес.
edit-venue-pin = Теперь отправьте точку на карте (📎 → Геопозиция) или нажмите «Пропустить», чтобы оставить прежнюю.
edit-saved = Сохранено. Записанным участницам отправлено уведомление.
edit-forbidden = Изменять курсы могут только координаторы.
