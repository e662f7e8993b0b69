"""The demo hotel that `make run` shows (`innkeep seed_demo`). It sits on top of every app
and writes through their services, as a hotel's staff would."""
