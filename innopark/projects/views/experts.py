"""The signed-in expert's own profile: fields of expertise, load limit, and the organizations they declare
(which keep them off those organizations' applications)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innopark.projects import services
from innopark.projects.forms import AffiliationForm, ExpertProfileForm
from innopark.projects.models import Category, ExpertAffiliation, ExpertProfile
from innopark.projects.permissions import is_expert
from innopark.projects.selectors import organization_by_bin
from innopark.projects.views._helpers import login_redirect, run_form


def _categories():
    return Category.objects.filter(is_active=True)


def _render(request, *, profile_form=None, affiliation_form=None, status=200):
    profile = ExpertProfile.objects.filter(user=request.user).first()
    if profile_form is None:
        initial = {}
        if profile:
            initial = {
                "expertise": profile.expertise,
                "max_open_reviews": profile.max_open_reviews,
                "categories": list(profile.categories.values_list("code", flat=True)),
            }
        profile_form = ExpertProfileForm(initial=initial, categories=_categories())
    context = {
        "profile": profile,
        "profile_form": profile_form,
        "affiliation_form": affiliation_form or AffiliationForm(),
        "affiliations": ExpertAffiliation.objects.filter(expert=request.user).select_related("organization"),
        "subject_type": "projects.expertprofile",
    }
    return render(request, "projects/expert_profile.html", context, status=status)


def _guard(request):
    if response := login_redirect(request):
        return response
    if not is_expert(request.user):
        raise PermissionDenied
    return None


def expert_profile(request):
    if response := _guard(request):
        return response
    return _render(request)


def expert_profile_save(request):
    if response := _guard(request):
        return response
    if request.method != "POST":
        return redirect("projects:expert_profile")
    form = ExpertProfileForm(request.POST, categories=_categories())

    def save(data):
        services.expert_profile_update(
            actor=request.user,
            expertise=data["expertise"],
            max_open_reviews=data["max_open_reviews"],
            categories=list(Category.objects.filter(code__in=data["categories"])),
        )

    if run_form(request, form, save):
        messages.success(request, _("Your profile is saved."))
        return redirect("projects:expert_profile")
    return _render(request, profile_form=form, status=400)


def expert_affiliation_add(request):
    if response := _guard(request):
        return response
    if request.method != "POST":
        return redirect("projects:expert_profile")
    form = AffiliationForm(request.POST)

    def declare(data):
        services.expert_affiliation_declare(
            actor=request.user,
            organization=organization_by_bin(data["bin"]),
            relation=data["relation"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )

    if run_form(request, form, declare):
        messages.success(request, _("The affiliation is recorded."))
        return redirect("projects:expert_profile")
    return _render(request, affiliation_form=form, status=400)
