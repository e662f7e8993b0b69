from django.apps import AppConfig


class ReservationsConfig(AppConfig):
    name = "innkeep.reservations"
    label = "reservations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled

        from innkeep.reservations.cors import allow_any_origin_on_the_public_api

        check_request_enabled.connect(
            allow_any_origin_on_the_public_api, dispatch_uid="innkeep-public-booking-cors"
        )
