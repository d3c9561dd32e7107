from django.urls import path

from kyoso.projects.views import portfolio, project, shared

app_name = "projects"

urlpatterns = [
    path("", portfolio.project_list, name="list"),
    path("new/", portfolio.project_create, name="create"),
    path("organisations/suggest/", portfolio.organisation_suggest, name="organisation_suggest"),
    path("<int:pk>/", project.project_detail, name="detail"),
    path("<int:pk>/edit/", project.project_edit, name="edit"),
    path("<int:pk>/stage/", project.project_stage, name="stage"),
    path("<int:pk>/parties/<str:side>/", project.party_edit, name="party_edit"),
    path("<int:pk>/notes/add/", project.note_add, name="note_add"),
    path("<int:pk>/charter/edit/", project.charter_edit, name="charter_edit"),
    path("<int:pk>/benefits/add/", project.benefit_add, name="benefit_add"),
    path("<int:pk>/stakeholders/add/", project.stakeholder_add, name="stakeholder_add"),
    path("<int:pk>/stakeholders/<int:sid>/acknowledge/", project.stakeholder_ack, name="stakeholder_ack"),
    path("<int:pk>/sponsor/", project.sponsor_edit, name="sponsor_edit"),
    path("<int:pk>/gates/add/", project.gate_add, name="gate_add"),
    path("<int:pk>/gates/<int:gid>/criteria/", project.criterion_add, name="criterion_add"),
    path("<int:pk>/gates/<int:gid>/decide/", project.gate_decide, name="gate_decide"),
    path("<int:pk>/milestones/add/", project.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:mid>/done/", project.milestone_done, name="milestone_done"),
    path("<int:pk>/kpis/add/", project.kpi_add, name="kpi_add"),
    path("<int:pk>/kpis/<int:kid>/measure/", project.measurement_add, name="measurement_add"),
    path("<int:pk>/communication/plan/", project.plan_edit, name="plan_edit"),
    path("<int:pk>/communication/log/", project.log_add, name="log_add"),
    path("<int:pk>/contracts/new/", project.contract_edit, name="contract_create"),
    path("<int:pk>/contracts/<int:cid>/", project.contract_edit, name="contract_edit"),
    path("<int:pk>/disclosures/add/", project.disclosure_add, name="disclosure_add"),
    path("<int:pk>/files/add/", project.document_add, name="document_add"),
    path("<int:pk>/files/<int:did>/", project.document_download, name="document_download"),
    path("<int:pk>/records/<str:kind>/<int:oid>/delete/", project.record_delete, name="record_delete"),
    path(
        "<int:pk>/records/<str:kind>/<int:oid>/visibility/",
        project.record_visibility,
        name="record_visibility",
    ),
    path("<int:pk>/sharing/invite/", project.partner_invite, name="partner_invite"),
    path("<int:pk>/sharing/access/<int:aid>/revoke/", project.partner_revoke, name="partner_revoke"),
    path(
        "<int:pk>/sharing/invitations/<int:iid>/revoke/",
        project.partner_invitation_revoke,
        name="partner_invitation_revoke",
    ),
    path("<int:pk>/export/", project.project_export, name="export"),
    path("<int:pk>/<str:tab>/", project.project_tab, name="tab"),
    # the partner's shared space
    path("shared/", shared.partner_home, name="partner_home"),
    path("shared/<int:pk>/", shared.partner_project, name="partner_project"),
    path("shared/<int:pk>/log/", shared.partner_log_add, name="partner_log_add"),
    path("shared/<int:pk>/comments/", shared.partner_note_add, name="partner_note_add"),
    path("shared/<int:pk>/files/", shared.partner_document_add, name="partner_document_add"),
    path("shared/<int:pk>/files/<int:did>/", shared.partner_document, name="partner_document"),
    path("shared/<int:pk>/contracts/<int:cid>/", shared.partner_contract, name="partner_contract"),
    path("join/<str:token>/", shared.partner_accept, name="partner_accept"),
]
