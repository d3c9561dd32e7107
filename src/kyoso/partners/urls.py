from django.urls import path

from kyoso.partners.views import imports, needs, offers, organisations, privacy, search

app_name = "partners"

urlpatterns = [
    path("", organisations.directory, name="directory"),
    path("new/", organisations.organisation_create, name="organisation_create"),
    path("search/", search.search_page, name="search"),
    path("<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("<int:pk>/delete/", organisations.organisation_delete, name="organisation_delete"),
    path("<int:pk>/checklist/<slug:item>/", organisations.checklist_answer, name="checklist_answer"),
    path("<int:pk>/contacts/", organisations.contact_add, name="contact_add"),
    path("contacts/<int:pk>/delete/", organisations.contact_delete, name="contact_delete"),
    path("contacts/<int:pk>/erase/", privacy.contact_erase, name="contact_erase"),
    path("contacts/<int:pk>/personal-data/", privacy.contact_data, name="contact_data"),
    path("<int:pk>/offers/new/", offers.offer_create, name="offer_create"),
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/delete/", offers.offer_delete, name="offer_delete"),
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/delete/", needs.need_delete, name="need_delete"),
    path("needs/<int:pk>/fit/<int:org_pk>/", needs.fit_detail, name="fit_detail"),
    path("needs/<int:pk>/shortlist/<int:org_pk>/", needs.shortlist, name="shortlist"),
    path("candidates/<int:pk>/status/", needs.candidate_status, name="candidate_status"),
    path("candidates/<int:pk>/remove/", needs.candidate_remove, name="candidate_remove"),
    path("import/", imports.import_upload, name="import"),
    path("import/<int:pk>/", imports.import_job, name="import_job"),
]
