"""JupyterLab (built from npm into APP_DIR) served by Debian's jupyter_server 1.23 and jupyterlab_server 2.16.

Usage: python3 jfairing_lab.py APP_DIR [jupyter_server options...]

APP_DIR holds the build of lab/app: static/ (index.html and bundles), schemas/, themes/.
Prebuilt extensions are read from the Jupyter data folders' labextensions (JUPYTER_DATA_DIR, JUPYTER_PATH).
"""

import json
import os
import sys

from jupyter_server.base.handlers import APIHandler
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.zmqhandlers import WebSocketMixin
from jupyterlab_server import LabServerApp
from tornado import web, websocket

import kernel_sockets

os.environ["JUPYTER_NO_CONFIG"] = "1"

APP_DIR = os.path.abspath(sys.argv.pop(1))
SETTINGS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "settings")


# each kernel message leaves at once instead of waiting ~40 ms behind the browser's delayed ACK (kernel_sockets.py)
kernel_sockets.send_at_once(kernel_sockets.kernel_channels_handler())


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": JfairingLab}]


class MeHandler(APIHandler):
    """/api/me, which jupyter_server 1.23 lacks: JupyterLab's user service waits for it."""

    @web.authenticated
    def get(self):
        user = {"username": "jovyan", "name": "jovyan", "display_name": "jovyan",
                "initials": "J", "avatar_url": None, "color": None}
        self.finish(json.dumps({"identity": user, "permissions": {}}))


class EventsHandler(WebSocketMixin, websocket.WebSocketHandler, JupyterHandler):
    """/api/events/subscribe, which jupyter_server 1.23 lacks: an authenticated socket that never sends an event."""

    async def get(self, *args, **kwargs):
        if self.current_user is None:
            raise web.HTTPError(403)
        await super().get(*args, **kwargs)

    def on_message(self, message):
        pass


class JfairingLab(LabServerApp):
    name = __name__
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    app_name = "JupyterLab"
    app_version = json.load(open(os.path.join(APP_DIR, "package.json")))["version"]
    app_settings_dir = SETTINGS_DIR
    schemas_dir = os.path.join(APP_DIR, "schemas")
    static_dir = os.path.join(APP_DIR, "static")
    templates_dir = os.path.join(APP_DIR, "static")
    themes_dir = os.path.join(APP_DIR, "themes")
    # writable state (workspaces, user settings) in the server's own temporary folder
    user_settings_dir = os.path.join(os.environ.get("JUPYTER_RUNTIME_DIR", "."), "lab", "user-settings")
    workspaces_dir = os.path.join(os.environ.get("JUPYTER_RUNTIME_DIR", "."), "lab", "workspaces")

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers.append(("/api/me", MeHandler))
        self.handlers.append(("/api/events/subscribe", EventsHandler))

    def initialize_settings(self):
        super().initialize_settings()
        settings = self.serverapp.web_app.settings
        settings["terminals_available"] = False
        token = self.serverapp.token

        def with_token(handler, page_config):
            page_config["token"] = token
            page_config["exposeAppInBrowser"] = True
            return page_config

        settings["page_config_hook"] = with_token


if __name__ == "__main__":
    JfairingLab.launch_instance()
