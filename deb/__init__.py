"""The Debian package of the PyInstaller bundle, and a city's signed apt repository.

Build-time only: nothing here ships in the bundle or is imported by the program.
``python -m deb.build`` (``./dev package``) turns dist/tongban/ into a .deb;
``deb/apt_repo.sh`` publishes packages into a signed repository (docs/operations.md).
"""
