from flask import Blueprint

blueprint = Blueprint("booking", __name__)
