"""The official's update form and its evidence formset, and the reviewer's decision form."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ComplianceAssessment, Confidence, Evidence, SavedFilter, StatusUpdate

NARRATIVE_MAX = 20_000
RATIONALE_MAX = 5_000


class StatusUpdateForm(forms.ModelForm):
    """One side's status of one assigned commitment; the commitment comes from the URL."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    narrative = forms.CharField(
        label=_("Narrative"),
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What has happened since the last update, in plain words."),
    )
    confidence_rationale = forms.CharField(
        label=_("Rationale for the rating"),
        max_length=RATIONALE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you give a rating or change it."),
    )

    class Meta:
        model = StatusUpdate
        fields = [
            "project",
            "supersedes",
            "as_of",
            "lifecycle",
            "completion",
            "confidence",
            "confidence_rationale",
            "narrative",
        ]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, commitment, side, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.side = side
        self.fields["project"].queryset = commitment.projects.all()
        self.fields["project"].required = False
        self.fields["supersedes"].queryset = commitment.updates.published().filter(
            side__in=[side, "joint"]
        )
        self.fields["supersedes"].required = False
        self.fields["supersedes"].help_text = _(
            "To correct a published update, choose it: both stay on the public page."
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("The as-of date cannot be in the future."))
        adopted = self.commitment.declaration.adopted_on
        if as_of < adopted:
            raise forms.ValidationError(
                _("The as-of date cannot be before the declaration (%(date)s).")
                % {"date": adopted.isoformat()}
            )
        return as_of

    def clean(self):
        cleaned = super().clean()
        confidence = cleaned.get("confidence")
        current = getattr(self.commitment, f"{self.side}_confidence")
        rated = confidence and confidence != Confidence.NOT_ASSESSED
        if (rated or (confidence and confidence != current)) and not (
            cleaned.get("confidence_rationale") or ""
        ).strip():
            self.add_error(
                "confidence_rationale",
                _("Give a rationale: a rating, or a change of rating, needs one."),
            )
        return cleaned

    def changes_status(self):
        """Whether these values differ from the commitment's current status for this side."""
        commitment, side = self.commitment, self.side
        return (
            self.cleaned_data.get("lifecycle"),
            self.cleaned_data.get("completion"),
            self.cleaned_data.get("confidence"),
        ) != (
            getattr(commitment, f"{side}_status"),
            getattr(commitment, f"{side}_completion"),
            getattr(commitment, f"{side}_confidence"),
        )


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An http or https address."),
    )

    class Meta:
        model = Evidence
        fields = ["url", "title", "publisher", "kind", "published_on"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Only http and https addresses are accepted."))
        return url

    def clean_published_on(self):
        published_on = self.cleaned_data.get("published_on")
        if published_on and published_on > timezone.localdate():
            raise forms.ValidationError(_("The evidence date cannot be in the future."))
        return published_on


class BaseEvidenceFormSet(BaseInlineFormSet):
    def kept_forms(self):
        """The filled-in forms the author did not mark for removal."""
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]


EvidenceFormSet = inlineformset_factory(
    StatusUpdate,
    Evidence,
    form=EvidenceForm,
    formset=BaseEvidenceFormSet,
    extra=2,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class ReviewForm(forms.Form):
    """A reviewer's decision on a submitted update."""

    action = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("return", _("Return to the author"))]
    )
    note = forms.CharField(
        label=_("Note to the author"),
        max_length=RATIONALE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "return" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say in a note what the author should change."))
        return cleaned


class ComplianceAssessmentForm(forms.ModelForm):
    """An analyst's score; a later one for the same commitment, party and period supersedes."""

    rationale = forms.CharField(
        label=_("Rationale"), max_length=RATIONALE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence_url = forms.URLField(
        label=_("Evidence URL"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = ComplianceAssessment
        fields = [
            "commitment",
            "party",
            "period",
            "kind",
            "score",
            "rationale",
            "evidence_url",
            "evidence_title",
        ]

    def clean_evidence_url(self):
        url = self.cleaned_data["evidence_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Only http and https addresses are accepted."))
        return url


class SavedFilterForm(forms.ModelForm):
    """Name the current filter of a table; the path must be one of the site's tables."""

    class Meta:
        model = SavedFilter
        fields = ["name", "path", "query"]
        widgets = {"path": forms.HiddenInput, "query": forms.HiddenInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_path(self):
        from .views import ObjectListView

        path = self.cleaned_data["path"]
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        view_class = getattr(match.func, "view_class", None) if match else None
        if not (view_class and issubclass(view_class, ObjectListView)):
            raise forms.ValidationError(_("Only the filters of the site's tables can be saved."))
        return path

    def clean_query(self):
        query = QueryDict(self.cleaned_data["query"], mutable=True)
        for name in ("page", "_export"):
            query.pop(name, None)
        return query.urlencode()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if SavedFilter.objects.filter(user=self.user, name=name).exists():
            raise forms.ValidationError(_("You already have a saved filter with this name."))
        return name


class UsernameLengthMixin:
    """A login form that refuses a username longer than a user's can be, as a form error.

    Django's login form gives the limit to the browser only (`maxlength`), so a longer name,
    typed or grown by Unicode normalisation ("\ufdfa" is 18 letters in NFKC), went on to
    authenticate(), and the login throttle then failed to record it (its column holds 255
    characters on PostgreSQL): a server error instead of "wrong username or password".
    """

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if username:
            MaxLengthValidator(self.fields["username"].max_length)(username)
        return username


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass
