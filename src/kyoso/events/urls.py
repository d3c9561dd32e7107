from django.urls import path

from kyoso.events.views import agendas, events, followup, people, public, schedule

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="list"),
    path("new/", events.event_create, name="create"),
    path("agenda/<str:token>/", agendas.public_agenda, name="public_agenda"),
    path("agenda/<str:token>/calendar.ics", agendas.public_agenda_ics, name="public_agenda_ics"),
    path("register/<int:pk>/", public.public_register, name="public_register"),
    path("agenda/<str:token>/feedback/<int:mid>/", agendas.public_feedback, name="public_feedback"),
    path("<int:pk>/", events.event_detail, name="detail"),
    path("<int:pk>/edit/", events.event_edit, name="edit"),
    path("<int:pk>/slots/add/", events.slot_add, name="slot_add"),
    path("<int:pk>/slots/plan/", events.slot_generate, name="slot_generate"),
    path("<int:pk>/import/", events.event_import, name="import"),
    path("<int:pk>/export.json", events.event_export, name="export"),
    path("<int:pk>/participants/", people.participant_list, name="participants"),
    path("<int:pk>/participants/from-directory/", people.directory_import, name="directory_import"),
    path("<int:pk>/participants/add/", people.participant_add, name="participant_add"),
    path("<int:pk>/participants/<int:pid>/", people.participant_detail, name="participant"),
    path("<int:pk>/participants/<int:pid>/attendance/", people.attendance, name="attendance"),
    path("<int:pk>/participants/<int:pid>/interest/<int:other>/", people.mark_interest, name="mark_interest"),
    path("<int:pk>/requests/", people.request_list, name="requests"),
    path("<int:pk>/requests/add/", people.request_add, name="request_add"),
    path("<int:pk>/schedule/", schedule.schedule, name="schedule"),
    path("<int:pk>/schedule/run/", schedule.run_start, name="run_start"),
    path("<int:pk>/schedule/change/", schedule.change, name="change"),
    path("<int:pk>/runs/<int:run_pk>/", schedule.run_detail, name="run"),
    path("<int:pk>/runs/<int:run_pk>/progress/", schedule.run_progress, name="run_progress"),
    path("<int:pk>/runs/<int:run_pk>/publish/", schedule.run_publish, name="run_publish"),
    path("<int:pk>/agendas/", agendas.agenda_list, name="agendas"),
    path("<int:pk>/agendas/agendas.pdf", agendas.agendas_pdf, name="agendas_pdf"),
    path("<int:pk>/agendas/table-cards.pdf", agendas.table_cards_pdf, name="table_cards_pdf"),
    path("<int:pk>/agendas/<int:pid>/agenda.pdf", agendas.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/agendas/<int:pid>/", agendas.agenda, name="agenda"),
    path("<int:pk>/agendas/<int:pid>/agenda.ics", agendas.agenda_ics, name="agenda_ics"),
    path("<int:pk>/followup/", followup.followup, name="followup"),
    path("<int:pk>/followup/<int:mid>/", followup.outcome, name="outcome"),
    path("<int:pk>/followup/<int:mid>/feedback/", followup.feedback, name="feedback"),
    path("<int:pk>/followup/<int:mid>/project/", followup.convert, name="convert"),
]
