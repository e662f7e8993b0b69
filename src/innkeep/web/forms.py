from __future__ import annotations

from typing import Any

from django import forms

from innkeep.tenancy.validation import signup_errors


class SignupForm(forms.Form):
    hotel_name = forms.CharField(label="Hotel name", max_length=1000)
    subdomain = forms.CharField(
        label="Web address",
        max_length=100,
        help_text="Lowercase letters, digits and hyphens, e.g. grand-hotel",
    )
    owner_first_name = forms.CharField(label="Your first name", max_length=1000)
    owner_last_name = forms.CharField(label="Your last name", max_length=1000)
    owner_email = forms.CharField(label="Your email", max_length=254, widget=forms.EmailInput)
    owner_password = forms.CharField(
        label="Password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput,
        help_text="At least 10 characters.",
    )
    timezone = forms.CharField(label="Time zone", max_length=64, initial="Europe/Madrid")
    currency = forms.CharField(label="Currency", max_length=3, initial="EUR")
    country = forms.CharField(label="Country (2 letters)", max_length=2, initial="ES")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        data["subdomain"] = data["subdomain"].strip().lower()
        data["currency"] = data["currency"].strip().upper()
        data["country"] = data["country"].strip().upper()
        for field, messages in signup_errors(**data).items():
            for message in messages:
                self.add_error(field, message)
        return data
