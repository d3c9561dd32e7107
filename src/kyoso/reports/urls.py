from django.urls import path

from kyoso.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("sponsors/me/", views.my_sponsor_view, name="my_sponsor"),
    path("sponsors/<int:user_id>/", views.sponsor, name="sponsor"),
    path("sponsors/<int:user_id>/export/<slug:fmt>/", views.sponsor_export, name="sponsor_export"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("export/<slug:key>/<slug:fmt>/", views.export, name="export"),
    path("<slug:key>/", views.section, name="section"),
]
