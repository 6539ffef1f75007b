from django.contrib import admin

from .models import ExtensionRequest, GuaranteeApplication, Loan


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Banks' loans are registered here (the demo loads one); extensions change them only through the bank's confirmation."""

    list_display = ("contract_number", "borrower", "bank", "principal", "start_on", "term_months", "extension_months")
    readonly_fields = ("extension_months",)
    search_fields = ("contract_number", "borrower__username", "borrower__first_name")


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "loan", "months", "requested_on", "status")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ExtensionRequest._meta.concrete_fields]


@admin.register(GuaranteeApplication)
class GuaranteeApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "applicant", "amount", "term_months", "priority", "filed_on", "status")
    list_filter = ("status", "priority")
    readonly_fields = [f.name for f in GuaranteeApplication._meta.concrete_fields]
