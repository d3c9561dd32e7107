from django.urls import path

from kyoso.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.library, name="library"),
    path("awaiting/", views.awaiting, name="awaiting"),
    path("similar/", views.similar_pick, name="similar_pick"),
    path("similar/<int:project_pk>/", views.similar, name="similar"),
    path("new/<int:project_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/files/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/files/<int:aid>/", views.attachment_download, name="attachment_download"),
    path("shared/", views.partner_home, name="partner_home"),
    path("shared/<int:project_pk>/", views.partner_view, name="partner_view"),
]
