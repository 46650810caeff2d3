"""The demo library's patient text in Spanish (ExerciseTranslation rows), by exercise code.

Written for patients as a Spanish-speaking physiotherapist would: "usted", plain words, no diagnosis;
not word for word. A test checks every exercise of the demo library has all four texts here.
"""

SPANISH = {
    "PF-01": {
        "name": "Entender su dolor de talón",
        "patient_instructions": (
            "Un dolor de talón como el suyo suele curarse, pero despacio: muchas veces tarda varios meses. "
            "Siga moviéndose, pero durante un tiempo pase menos rato de pie seguido y salte o corra menos. "
            "Use zapatos con el talón acolchado y, si tiene algo de sobrepeso, perder unos kilos ayuda a sus talones."
        ),
        "frequency": "léalo de vez en cuando y en cada revisión",
        "duration": "",
    },
    "PF-02": {
        "name": "Estiramiento de la planta del pie",
        "patient_instructions": (
            "Siéntese y cruce el pie que le duele sobre la otra rodilla. Sujete los dedos y tire de ellos con "
            "suavidad hacia la espinilla hasta notar que se estira la planta del pie. Haga la primera serie antes "
            "de dar los primeros pasos por la mañana, y otra antes de levantarse después de estar mucho rato sentado."
        ),
        "frequency": "3 veces al día",
        "duration": "8 semanas como mínimo",
    },
    "PF-03": {
        "name": "Estiramiento de la pantorrilla contra la pared",
        "patient_instructions": (
            "Póngase de cara a una pared con las manos apoyadas en ella. Lleve la pierna que le duele hacia atrás, "
            "con el talón en el suelo y la rodilla estirada, e inclínese hacia delante hasta notar que se estira "
            "la pantorrilla. Después doble un poco la rodilla de atrás, sin levantar el talón, para estirar la "
            "parte baja de la pantorrilla."
        ),
        "frequency": "de 2 a 3 veces al día",
        "duration": "8 semanas como mínimo",
    },
    "PF-04": {
        "name": "Subir y bajar despacio de puntillas en un escalón",
        "patient_instructions": (
            "Póngase en un escalón sobre el pie que le duele, con una toalla enrollada bajo los dedos, y agárrese "
            "a algo para no perder el equilibrio. Suba de puntillas en 3 segundos, aguante 2 segundos y baje en "
            "3 segundos. Si con una pierna le cuesta demasiado, suba con los dos pies y baje solo con el que le "
            "duele. Hágalo un día sí y otro no."
        ),
        "frequency": "un día sí y otro no",
        "duration": "12 semanas",
    },
    "PF-06": {
        "name": "Férula para la noche",
        "patient_instructions": (
            "Póngase la férula por la noche para que el pie se quede doblado un poco hacia arriba mientras duerme. "
            "Ayuda si los primeros pasos de la mañana todavía le duelen."
        ),
        "frequency": "todas las noches",
        "duration": "de 1 a 3 meses",
    },
    "PF-07": {
        "name": "Calzado que sujete bien y plantillas",
        "patient_instructions": (
            "Use zapatos con el talón acolchado y que sujeten el arco del pie, también en casa. No camine descalzo "
            "sobre suelos duros. Para empezar, le vale una plantilla de farmacia o de tienda de deportes."
        ),
        "frequency": "todos los días",
        "duration": "",
    },
    "PFC-01": {
        "name": "Estiramiento de la parte de atrás del muslo",
        "patient_instructions": (
            "Túmbese boca arriba con una toalla o una cinta alrededor de la planta del pie. Con la rodilla "
            "estirada, levante la pierna despacio hasta notar un estiramiento suave en la parte de atrás del "
            "muslo, y aguante ahí."
        ),
        "frequency": "una o dos veces al día",
        "duration": "de 6 a 8 semanas",
    },
    "PFC-02": {
        "name": "Puente y elevación de pierna de lado",
        "patient_instructions": (
            "Puente: túmbese boca arriba con las rodillas dobladas, apriete los glúteos y levante la cadera; luego "
            "bájela despacio. Elevación de lado: túmbese de lado y levante un poco la pierna de arriba, con los "
            "dedos del pie mirando hacia delante."
        ),
        "frequency": "3 veces por semana",
        "duration": "de 6 a 8 semanas",
    },
    "PFC-03": {
        "name": "Pasos iguales al caminar",
        "patient_instructions": (
            "A medida que el talón mejore, practique caminar con pasos iguales: apoye primero el talón, ruede por "
            "todo el pie y despegue con los dedos, a un ritmo cómodo."
        ),
        "frequency": "cuando camine en su día a día",
        "duration": "",
    },
    "HS-01": {
        "name": "Empezar con suavidad tras un tirón en el muslo",
        "patient_instructions": (
            "Los primeros días, no corra deprisa ni estire con fuerza. Camine con normalidad hasta donde el dolor "
            "le deje. Apriete con suavidad los músculos de la parte de atrás del muslo sin mover la pierna, "
            "parando antes de que duela."
        ),
        "frequency": "todos los días",
        "duration": "los primeros días",
    },
    "HS-02": {
        "name": "Extensión de rodilla tumbado",
        "patient_instructions": (
            "Túmbese boca arriba y sujete la parte de atrás del muslo para que la cadera quede doblada en ángulo "
            "recto. Estire la rodilla despacio hasta justo antes de que duela. Bájela despacio."
        ),
        "frequency": "dos veces al día",
        "duration": "hasta que vuelva a hacer deporte",
    },
    "HS-03": {
        "name": "El avión",
        "patient_instructions": (
            "Póngase de pie sobre la pierna lesionada, con la rodilla un poco doblada. Inclínese hacia delante "
            "desde la cadera, con los brazos estirados delante, mientras la otra pierna se levanta por detrás, "
            "con la espalda recta. Luego vuelva a la posición inicial."
        ),
        "frequency": "un día sí y otro no",
        "duration": "hasta que vuelva a hacer deporte",
    },
    "HS-04": {
        "name": "El deslizamiento",
        "patient_instructions": (
            "Agárrese a algo firme. De pie sobre la pierna lesionada, deslice el otro pie hacia atrás por un "
            "suelo liso (una toalla ayuda), controlando el movimiento, y después vuelva tirando con los brazos."
        ),
        "frequency": "cada tres días",
        "duration": "hasta que vuelva a hacer deporte",
    },
    "HS-05": {
        "name": "Volver a correr poco a poco",
        "patient_instructions": (
            "Su fisioterapeuta irá aumentando paso a paso la carrera, los giros y los ejercicios de tronco, y "
            "comprobará que nota la pierna segura antes de que vuelva a hacer deporte."
        ),
        "frequency": "como lo acuerde con su fisioterapeuta",
        "duration": "",
    },
    "SCI-01": {
        "name": "Mantenerse activo",
        "patient_instructions": (
            "Siga con sus actividades normales y con su trabajo en la medida de lo posible, y no guarde cama. "
            "La mayoría de las personas con este tipo de dolor de pierna mejoran en unas semanas."
        ),
        "frequency": "todos los días",
        "duration": "",
    },
    "SCI-02": {
        "name": "Programa de ejercicios",
        "patient_instructions": (
            "Su fisioterapeuta le dará unos ejercicios para hacer en casa y los irá ajustando con usted."
        ),
        "frequency": "como lo acuerde con su fisioterapeuta",
        "duration": "",
    },
    "SCI-06": {
        "name": "Cuándo ir a urgencias",
        "patient_instructions": (
            "Vaya enseguida a urgencias del hospital si tiene problemas nuevos para orinar, se le escapa la orina "
            "o las heces, nota adormecida la zona entre las piernas o alrededor del ano, o tiene dolor, "
            "adormecimiento o debilidad en las dos piernas."
        ),
        "frequency": "lleve esto siempre con usted",
        "duration": "",
    },
}

# The demo library's translations, by language code (Exercise.patient_text reads them).
TRANSLATIONS = {"es": SPANISH}
