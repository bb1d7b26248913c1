"""Chinese for the words click prints itself (usage, option errors), by swapping its gettext."""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

_ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error": "错误",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such option: {name}": "没有这个选项：{name}",
    "No such command {name!r}.": "没有这个命令：{name!r}。",
    "Missing argument {param_hint}.": "缺少参数 {param_hint}。",
    "Missing option {param_hint}.": "缺少选项 {param_hint}。",
    "Missing parameter {param_hint}.": "缺少参数 {param_hint}。",
    "Missing command.": "缺少命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Possible options: {possibilities})": "（可能的选项：{possibilities}）",
    "{value!r} is not a valid integer.": "{value!r} 不是整数。",
    "{value!r} is not a valid float.": "{value!r} 不是数值。",
    "{value!r} is not a valid boolean.": "{value!r} 不是布尔值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "default": "默认",
    "required": "必填",
    "Aborted!": "已中止。",
}


def _translate(message: str) -> str:
    return _ZH.get(message, message)


def install() -> None:
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _translate  # type: ignore[attr-defined]
